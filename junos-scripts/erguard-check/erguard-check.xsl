<?xml version="1.0" standalone="yes"?>
<!--
  erguard-check.xsl - op script: "op erguard-check instance Cust11" judges,
  from this box alone, the erguard invariants this box can see, and prints
  a short report.

  POLICY.  The routing instance's "apply-macro erguard" (the one the commit
  script reads) says the role and the values; the script then reads the
  box's own state with jcs:invoke and applies erguard's rules:

    every role   bgp-sessions      every configured BGP neighbor of the
                                   instance is Established
    role ce      bfd-state         the BFD session to each neighbor of
                                   ebgp-group is Up, with detection time
                                   bfd-minimum-interval x bfd-multiplier
                 er-adv-coverage   every expressroute-prefixes entry is
                                   advertised to each ebgp-group neighbor
                                   (the MSEE)
    role firewall
                 active-path       each azure-prefixes entry's active route
                                   has an AS path starting microsoft-as
                 backup-ready      each azure-prefixes entry also has a
                                   route from every VPN gateway peer
                                   (neighbors of vpn-group)
                 lp-rib            routes via ExpressRoute carry
                                   local-preference, routes from the VPN
                                   peers vpn-local-preference
                 vpn-no-more-specific
                                   nothing advertised to a VPN peer is more
                                   specific than an expressroute-prefixes
                                   entry
                 vpn-adv-coverage  every expressroute-prefixes entry is
                                   advertised to every VPN peer
                 vpn-adv-symmetry  every VPN peer is sent the same set
                 vpn-recv          every VPN peer sends every azure-prefixes
                                   entry with the AS path azure-as (origin aside)

  Each check prints "ID pass: ..." or "ID fail: ..." followed by one
  indented line per finding, in erguard's words ("expected ..., observed
  ...").  The judging lives in the eg:judge-* named templates, which take
  plain reply node-sets (what jcs:invoke returns) and are tested off the
  box on captured replies; the match "/" wrapper only fetches.
  IPv4 only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:junos="http://xml.juniper.net/junos/*/junos"
    xmlns:xnm="http://xml.juniper.net/xnm/1.1/xnm"
    xmlns:jcs="http://xml.juniper.net/junos/commit-scripts/1.0"
    xmlns:eg="urn:erguard:junos-scripts"
    exclude-result-prefixes="eg">

  <xsl:import href="../import/junos.xsl"/>

  <xsl:param name="instance"/>

  <xsl:variable name="arguments">
    <argument>
      <name>instance</name>
      <description>Routing instance to check (it carries apply-macro erguard)</description>
    </argument>
  </xsl:variable>

  <!-- ============================================================ wrapper -->

  <xsl:template match="/">
    <op-script-results>
      <xsl:choose>
        <xsl:when test="not(normalize-space($instance))">
          <output>erguard-check: usage: op erguard-check instance NAME</output>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="eg:on-box"/>
        </xsl:otherwise>
      </xsl:choose>
    </op-script-results>
  </xsl:template>

  <xsl:template name="eg:on-box">
    <xsl:variable name="i" select="normalize-space($instance)"/>
    <xsl:variable name="table" select="concat($i, '.inet.0')"/>
    <xsl:variable name="cfg-rpc">
      <get-configuration database="committed">
        <configuration>
          <routing-instances>
            <instance><name><xsl:value-of select="$i"/></name></instance>
          </routing-instances>
        </configuration>
      </get-configuration>
    </xsl:variable>
    <xsl:variable name="cfg" select="jcs:invoke($cfg-rpc)"/>
    <xsl:variable name="ri" select="$cfg/descendant-or-self::instance[normalize-space(name) = $i]"/>
    <xsl:variable name="m" select="$ri/apply-macro[not(@inactive)][name = 'erguard']/data[not(@inactive)]"/>
    <xsl:variable name="role" select="normalize-space($m[name = 'role']/value)"/>
    <xsl:variable name="bgp" select="$ri/protocols[not(@inactive)]/bgp[not(@inactive)]"/>
    <xsl:variable name="peers">
      <xsl:for-each select="$bgp/group[not(@inactive)]/neighbor[not(@inactive)]">
        <xsl:value-of select="concat(normalize-space(name), ' ')"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="sum-rpc">
      <get-bgp-summary-information><instance><xsl:value-of select="$i"/></instance></get-bgp-summary-information>
    </xsl:variable>
    <output>
      <xsl:value-of select="concat('erguard-check: instance ', $i, ', role ', $role, '&#10;')"/>
      <xsl:call-template name="eg:judge-bgp-sessions">
        <xsl:with-param name="summary" select="jcs:invoke($sum-rpc)"/>
        <xsl:with-param name="peers" select="$peers"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$role = 'ce'">
          <xsl:variable name="gname" select="normalize-space($m[name = 'ebgp-group']/value)"/>
          <xsl:variable name="msee">
            <xsl:for-each select="$bgp/group[not(@inactive)][normalize-space(name) = $gname]/neighbor[not(@inactive)]">
              <xsl:value-of select="concat(normalize-space(name), ' ')"/>
            </xsl:for-each>
          </xsl:variable>
          <xsl:if test="$m[name = 'bfd-minimum-interval']">
            <xsl:call-template name="eg:judge-bfd-state">
              <xsl:with-param name="bfd" select="jcs:invoke('get-bfd-session-information')"/>
              <xsl:with-param name="peers" select="$msee"/>
              <xsl:with-param name="interval" select="normalize-space($m[name = 'bfd-minimum-interval']/value)"/>
              <xsl:with-param name="multiplier" select="normalize-space($m[name = 'bfd-multiplier']/value)"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="eg:on-box-per-peer">
            <xsl:with-param name="peers" select="normalize-space($msee)"/>
            <xsl:with-param name="table" select="$table"/>
            <xsl:with-param name="m" select="$m"/>
            <xsl:with-param name="role" select="'ce'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:when test="$role = 'firewall'">
          <xsl:variable name="gname" select="normalize-space($m[name = 'vpn-group']/value)"/>
          <xsl:variable name="vpn">
            <xsl:for-each select="$bgp/group[not(@inactive)][normalize-space(name) = $gname]/neighbor[not(@inactive)]">
              <xsl:value-of select="concat(normalize-space(name), ' ')"/>
            </xsl:for-each>
          </xsl:variable>
          <xsl:variable name="rib-rpc">
            <get-route-information><table><xsl:value-of select="$table"/></table></get-route-information>
          </xsl:variable>
          <xsl:variable name="rib" select="jcs:invoke($rib-rpc)"/>
          <xsl:call-template name="eg:judge-active-path">
            <xsl:with-param name="rib" select="$rib"/>
            <xsl:with-param name="azure" select="$m[name = 'azure-prefixes']/value"/>
            <xsl:with-param name="microsoft-as" select="$m[name = 'microsoft-as']/value"/>
          </xsl:call-template>
          <xsl:call-template name="eg:judge-backup-ready">
            <xsl:with-param name="rib" select="$rib"/>
            <xsl:with-param name="azure" select="$m[name = 'azure-prefixes']/value"/>
            <xsl:with-param name="vpn-peers" select="$vpn"/>
          </xsl:call-template>
          <xsl:call-template name="eg:judge-lp-rib">
            <xsl:with-param name="rib" select="$rib"/>
            <xsl:with-param name="azure" select="$m[name = 'azure-prefixes']/value"/>
            <xsl:with-param name="vpn-peers" select="$vpn"/>
            <xsl:with-param name="microsoft-as" select="$m[name = 'microsoft-as']/value"/>
            <xsl:with-param name="local-preference" select="$m[name = 'local-preference']/value"/>
            <xsl:with-param name="vpn-local-preference" select="$m[name = 'vpn-local-preference']/value"/>
          </xsl:call-template>
          <xsl:variable name="first" select="substring-before(concat(normalize-space($vpn), ' '), ' ')"/>
          <xsl:variable name="first-rpc">
            <get-route-information>
              <advertising-protocol-name>bgp</advertising-protocol-name>
              <neighbor><xsl:value-of select="$first"/></neighbor>
              <table><xsl:value-of select="$table"/></table>
            </get-route-information>
          </xsl:variable>
          <xsl:call-template name="eg:on-box-per-peer">
            <xsl:with-param name="peers" select="normalize-space($vpn)"/>
            <xsl:with-param name="table" select="$table"/>
            <xsl:with-param name="m" select="$m"/>
            <xsl:with-param name="role" select="'firewall'"/>
            <xsl:with-param name="first" select="$first"/>
            <xsl:with-param name="first-adv" select="jcs:invoke($first-rpc)"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:text>erguard-check: apply-macro erguard gives no role ce or firewall; only bgp-sessions judged&#10;</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
    </output>
  </xsl:template>

  <!-- Fetch what each peer is sent (and, on the firewall, sends) and judge it. -->
  <xsl:template name="eg:on-box-per-peer">
    <xsl:param name="peers"/>
    <xsl:param name="table"/>
    <xsl:param name="m"/>
    <xsl:param name="role"/>
    <xsl:param name="first"/>
    <xsl:param name="first-adv"/>
    <xsl:if test="$peers">
      <xsl:variable name="peer" select="substring-before(concat($peers, ' '), ' ')"/>
      <xsl:variable name="adv-rpc">
        <get-route-information>
          <advertising-protocol-name>bgp</advertising-protocol-name>
          <neighbor><xsl:value-of select="$peer"/></neighbor>
          <table><xsl:value-of select="$table"/></table>
        </get-route-information>
      </xsl:variable>
      <xsl:variable name="adv" select="jcs:invoke($adv-rpc)"/>
      <xsl:choose>
        <xsl:when test="$role = 'ce'">
          <xsl:call-template name="eg:judge-adv-coverage">
            <xsl:with-param name="check" select="'er-adv-coverage'"/>
            <xsl:with-param name="adv" select="$adv"/>
            <xsl:with-param name="peer" select="$peer"/>
            <xsl:with-param name="prefixes" select="$m[name = 'expressroute-prefixes']/value"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="recv-rpc">
            <get-route-information>
              <receive-protocol-name>bgp</receive-protocol-name>
              <peer><xsl:value-of select="$peer"/></peer>
              <table><xsl:value-of select="$table"/></table>
            </get-route-information>
          </xsl:variable>
          <xsl:call-template name="eg:judge-vpn-no-more-specific">
            <xsl:with-param name="adv" select="$adv"/>
            <xsl:with-param name="peer" select="$peer"/>
            <xsl:with-param name="expressroute" select="$m[name = 'expressroute-prefixes']/value"/>
          </xsl:call-template>
          <xsl:call-template name="eg:judge-adv-coverage">
            <xsl:with-param name="check" select="'vpn-adv-coverage'"/>
            <xsl:with-param name="adv" select="$adv"/>
            <xsl:with-param name="peer" select="$peer"/>
            <xsl:with-param name="prefixes" select="$m[name = 'expressroute-prefixes']/value"/>
          </xsl:call-template>
          <xsl:if test="$peer != $first">
            <xsl:call-template name="eg:judge-vpn-adv-symmetry">
              <xsl:with-param name="a" select="$first-adv"/>
              <xsl:with-param name="a-peer" select="$first"/>
              <xsl:with-param name="b" select="$adv"/>
              <xsl:with-param name="b-peer" select="$peer"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="eg:judge-vpn-recv">
            <xsl:with-param name="recv" select="jcs:invoke($recv-rpc)"/>
            <xsl:with-param name="peer" select="$peer"/>
            <xsl:with-param name="azure" select="$m[name = 'azure-prefixes']/value"/>
            <xsl:with-param name="azure-as" select="$m[name = 'azure-as']/value"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="eg:on-box-per-peer">
        <xsl:with-param name="peers" select="substring-after($peers, ' ')"/>
        <xsl:with-param name="table" select="$table"/>
        <xsl:with-param name="m" select="$m"/>
        <xsl:with-param name="role" select="$role"/>
        <xsl:with-param name="first" select="$first"/>
        <xsl:with-param name="first-adv" select="$first-adv"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ verdict -->

  <!-- "ID pass: SUMMARY" when findings is empty, else "ID fail: expected SUMMARY" and the findings. -->
  <xsl:template name="eg:verdict">
    <xsl:param name="check"/>
    <xsl:param name="findings"/>
    <xsl:param name="summary"/>
    <xsl:choose>
      <xsl:when test="string($findings)">
        <xsl:value-of select="concat($check, ' fail: expected ', $summary, '&#10;', $findings)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat($check, ' pass: ', $summary, '&#10;')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ reply access -->
  <!-- Replies are matched by local name: their namespace carries the release. -->

  <!-- Context: rt.  "10.17.11.0/25" from brief ("a/n") or detail (destination + length). -->
  <xsl:template name="eg:rt-prefix">
    <xsl:variable name="d" select="normalize-space(*[local-name() = 'rt-destination'])"/>
    <xsl:variable name="l" select="normalize-space(*[local-name() = 'rt-prefix-length'])"/>
    <xsl:choose>
      <xsl:when test="contains($d, '/') or not($l)"><xsl:value-of select="$d"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($d, '/', $l)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every rt prefix of a reply, as " p1 p2 ... ". -->
  <xsl:template name="eg:prefix-set">
    <xsl:param name="reply"/>
    <xsl:text> </xsl:text>
    <xsl:for-each select="$reply/descendant-or-self::*[local-name() = 'rt']">
      <xsl:call-template name="eg:rt-prefix"/>
      <xsl:text> </xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- Context: rt-entry.  Its AS path, normalised ("12076 I"). -->
  <xsl:template name="eg:as-path">
    <xsl:variable name="raw" select="normalize-space(*[local-name() = 'as-path'])"/>
    <xsl:choose>
      <xsl:when test="starts-with($raw, 'AS path:')">
        <xsl:value-of select="normalize-space(substring-after($raw, 'AS path:'))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$raw"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Context: rt-entry.  First AS of its path, brackets dropped; "" if none. -->
  <xsl:template name="eg:first-as">
    <xsl:variable name="p">
      <xsl:call-template name="eg:as-path"/>
    </xsl:variable>
    <xsl:variable name="w" select="translate(substring-before(concat($p, ' '), ' '), '[]', '')"/>
    <xsl:if test="number($w) = number($w)"><xsl:value-of select="$w"/></xsl:if>
  </xsl:template>

  <!-- ============================================================ judges -->

  <!--
    bgp-sessions.  summary: get-bgp-summary-information reply; peers: the
    configured neighbors, space separated.
  -->
  <xsl:template name="eg:judge-bgp-sessions">
    <xsl:param name="summary"/>
    <xsl:param name="peers"/>
    <xsl:variable name="n" select="normalize-space($peers)"/>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:bgp-each">
        <xsl:with-param name="summary" select="$summary"/>
        <xsl:with-param name="peers" select="normalize-space($peers)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'bgp-sessions'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary"
          select="concat(string-length($n) - string-length(translate($n, ' ', '')) + ($n != ''),
                         ' configured peers Established')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="eg:bgp-each">
    <xsl:param name="summary"/>
    <xsl:param name="peers"/>
    <xsl:if test="$peers">
      <xsl:variable name="p" select="substring-before(concat($peers, ' '), ' ')"/>
      <xsl:variable name="bp" select="$summary/descendant-or-self::*[local-name() = 'bgp-peer']
                                      [substring-before(concat(normalize-space(*[local-name() = 'peer-address']), '+'), '+') = $p]"/>
      <xsl:variable name="state" select="normalize-space($bp[1]/*[local-name() = 'peer-state'])"/>
      <xsl:choose>
        <xsl:when test="not($bp)">
          <xsl:value-of select="concat('  peer ', $p, ': expected Established, observed peer absent&#10;')"/>
        </xsl:when>
        <xsl:when test="$state != 'Established'">
          <xsl:value-of select="concat('  peer ', $p, ': expected Established, observed ', $state, '&#10;')"/>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="eg:bgp-each">
        <xsl:with-param name="summary" select="$summary"/>
        <xsl:with-param name="peers" select="substring-after($peers, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!--
    bfd-state.  bfd: get-bfd-session-information reply; peers: the
    ExpressRoute eBGP neighbors; interval (ms) and multiplier: the intent.
    The detection time Junos shows (seconds) must equal interval x multiplier.
  -->
  <xsl:template name="eg:judge-bfd-state">
    <xsl:param name="bfd"/>
    <xsl:param name="peers"/>
    <xsl:param name="interval"/>
    <xsl:param name="multiplier"/>
    <xsl:variable name="mul">
      <xsl:choose>
        <xsl:when test="normalize-space($multiplier)"><xsl:value-of select="normalize-space($multiplier)"/></xsl:when>
        <xsl:otherwise>3</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:bfd-each">
        <xsl:with-param name="bfd" select="$bfd"/>
        <xsl:with-param name="peers" select="normalize-space($peers)"/>
        <xsl:with-param name="detect" select="$interval * $mul"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'bfd-state'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary"
          select="concat('sessions Up, detection time ', $interval * $mul, ' ms (', $interval, ' ms x ', $mul, ')')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="eg:bfd-each">
    <xsl:param name="bfd"/>
    <xsl:param name="peers"/>
    <xsl:param name="detect"/>
    <xsl:if test="$peers">
      <xsl:variable name="p" select="substring-before(concat($peers, ' '), ' ')"/>
      <xsl:variable name="s" select="$bfd/descendant-or-self::*[local-name() = 'bfd-session']
                                     [normalize-space(*[local-name() = 'session-neighbor']) = $p][1]"/>
      <xsl:variable name="state" select="normalize-space($s/*[local-name() = 'session-state'])"/>
      <xsl:variable name="got" select="round(1000 * normalize-space($s/*[local-name() = 'session-detection-time']))"/>
      <xsl:choose>
        <xsl:when test="not($s)">
          <xsl:value-of select="concat('  neighbor ', $p, ': expected BFD session Up, observed session absent&#10;')"/>
        </xsl:when>
        <xsl:when test="$state != 'Up'">
          <xsl:value-of select="concat('  neighbor ', $p, ': expected BFD session Up, observed ', $state, '&#10;')"/>
        </xsl:when>
        <xsl:when test="$got != $detect">
          <xsl:value-of select="concat('  neighbor ', $p, ': expected detection time ', $detect,
                                       ' ms, observed ', $got, ' ms&#10;')"/>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="eg:bfd-each">
        <xsl:with-param name="bfd" select="$bfd"/>
        <xsl:with-param name="peers" select="substring-after($peers, ' ')"/>
        <xsl:with-param name="detect" select="$detect"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!--
    er-adv-coverage / vpn-adv-coverage.  adv: what one peer is sent
    (advertising-protocol reply); prefixes: space separated, each must be in it.
  -->
  <xsl:template name="eg:judge-adv-coverage">
    <xsl:param name="check"/>
    <xsl:param name="adv"/>
    <xsl:param name="peer"/>
    <xsl:param name="prefixes"/>
    <xsl:variable name="set">
      <xsl:call-template name="eg:prefix-set">
        <xsl:with-param name="reply" select="$adv"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:missing-each">
        <xsl:with-param name="set" select="$set"/>
        <xsl:with-param name="list" select="normalize-space($prefixes)"/>
        <xsl:with-param name="what" select="concat(' advertised to ', $peer)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="$check"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary" select="concat('peer ', $peer, ' is sent ', normalize-space($prefixes))"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    One finding per list entry absent from set (" p1 p2 "):
    "  ENTRY: expected WHAT, observed absent", or with a label
    "  LABEL: expected WHAT ENTRY, observed absent".
  -->
  <xsl:template name="eg:missing-each">
    <xsl:param name="set"/>
    <xsl:param name="list"/>
    <xsl:param name="what"/>
    <xsl:param name="label"/>
    <xsl:if test="$list">
      <xsl:variable name="p" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:if test="not(contains($set, concat(' ', $p, ' ')))">
        <xsl:choose>
          <xsl:when test="$label">
            <xsl:value-of select="concat('  ', $label, ': expected', $what, ' ', $p, ', observed absent&#10;')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat('  ', $p, ': expected', $what, ', observed absent&#10;')"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:call-template name="eg:missing-each">
        <xsl:with-param name="set" select="$set"/>
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="what" select="$what"/>
        <xsl:with-param name="label" select="$label"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- vpn-no-more-specific.  adv: what one VPN peer is sent. -->
  <xsl:template name="eg:judge-vpn-no-more-specific">
    <xsl:param name="adv"/>
    <xsl:param name="peer"/>
    <xsl:param name="expressroute"/>
    <xsl:variable name="findings">
      <xsl:for-each select="$adv/descendant-or-self::*[local-name() = 'rt']">
        <xsl:variable name="p">
          <xsl:call-template name="eg:rt-prefix"/>
        </xsl:variable>
        <xsl:variable name="outer">
          <xsl:call-template name="eg:first-covering">
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="list" select="$expressroute"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:if test="string($outer)">
          <xsl:value-of select="concat('  ', $p, ': expected nothing more specific than ', $outer,
                                       ' advertised to ', $peer, ', observed ', $p, '&#10;')"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'vpn-no-more-specific'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary"
          select="concat('peer ', $peer, ' is sent nothing more specific than ', normalize-space($expressroute))"/>
    </xsl:call-template>
  </xsl:template>

  <!-- vpn-adv-symmetry.  a, b: what two VPN peers are sent. -->
  <xsl:template name="eg:judge-vpn-adv-symmetry">
    <xsl:param name="a"/>
    <xsl:param name="a-peer"/>
    <xsl:param name="b"/>
    <xsl:param name="b-peer"/>
    <xsl:variable name="aset">
      <xsl:call-template name="eg:prefix-set">
        <xsl:with-param name="reply" select="$a"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="bset">
      <xsl:call-template name="eg:prefix-set">
        <xsl:with-param name="reply" select="$b"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:missing-each">
        <xsl:with-param name="set" select="$bset"/>
        <xsl:with-param name="list" select="normalize-space($aset)"/>
        <xsl:with-param name="what" select="concat(' advertised to ', $b-peer, ' as to ', $a-peer)"/>
      </xsl:call-template>
      <xsl:call-template name="eg:missing-each">
        <xsl:with-param name="set" select="$aset"/>
        <xsl:with-param name="list" select="normalize-space($bset)"/>
        <xsl:with-param name="what" select="concat(' advertised to ', $a-peer, ' as to ', $b-peer)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'vpn-adv-symmetry'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary" select="concat('peers ', $a-peer, ' and ', $b-peer, ' are sent the same set')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- vpn-recv.  recv: what one VPN peer sends (receive-protocol reply). -->
  <xsl:template name="eg:judge-vpn-recv">
    <xsl:param name="recv"/>
    <xsl:param name="peer"/>
    <xsl:param name="azure"/>
    <xsl:param name="azure-as"/>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:recv-each">
        <xsl:with-param name="recv" select="$recv"/>
        <xsl:with-param name="list" select="normalize-space($azure)"/>
        <xsl:with-param name="peer" select="$peer"/>
        <xsl:with-param name="as" select="normalize-space($azure-as)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'vpn-recv'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary"
          select="concat('peer ', $peer, ' sends ', normalize-space($azure), ' via AS ', normalize-space($azure-as))"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="eg:recv-each">
    <xsl:param name="recv"/>
    <xsl:param name="list"/>
    <xsl:param name="peer"/>
    <xsl:param name="as"/>
    <xsl:if test="$list">
      <xsl:variable name="p" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:variable name="hit" select="$recv/descendant-or-self::*[local-name() = 'rt']
          [normalize-space(*[local-name() = 'rt-destination']) = $p
           or concat(normalize-space(*[local-name() = 'rt-destination']), '/',
                     normalize-space(*[local-name() = 'rt-prefix-length'])) = $p]"/>
      <xsl:variable name="first">
        <xsl:for-each select="$hit[1]/*[local-name() = 'rt-entry'][1]">
          <xsl:call-template name="eg:first-as"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="path">
        <xsl:for-each select="$hit[1]/*[local-name() = 'rt-entry'][1]">
          <xsl:call-template name="eg:as-path"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="not($hit)">
          <xsl:value-of select="concat('  ', $p, ': expected received from ', $peer, ', observed absent&#10;')"/>
        </xsl:when>
        <xsl:when test="$first != $as or normalize-space(translate($path, 'IE?', '   ')) != $as">
          <xsl:value-of select="concat('  ', $p, ': expected AS path ', $as, ' from ', $peer,
                                       ', observed AS path ', $path, '&#10;')"/>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="eg:recv-each">
        <xsl:with-param name="recv" select="$recv"/>
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="peer" select="$peer"/>
        <xsl:with-param name="as" select="$as"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The rt of a route table reply for prefix p. -->
  <xsl:template name="eg:active-each">
    <xsl:param name="rib"/>
    <xsl:param name="list"/>
    <xsl:param name="as"/>
    <xsl:if test="$list">
      <xsl:variable name="p" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:variable name="rt" select="$rib/descendant-or-self::*[local-name() = 'rt']
          [normalize-space(*[local-name() = 'rt-destination']) = $p
           or concat(normalize-space(*[local-name() = 'rt-destination']), '/',
                     normalize-space(*[local-name() = 'rt-prefix-length'])) = $p][1]"/>
      <xsl:variable name="act" select="$rt/*[local-name() = 'rt-entry']
          [normalize-space(*[local-name() = 'active-tag']) = '*' or *[local-name() = 'current-active']][1]"/>
      <xsl:variable name="first">
        <xsl:for-each select="$act">
          <xsl:call-template name="eg:first-as"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="path">
        <xsl:for-each select="$act">
          <xsl:call-template name="eg:as-path"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="not($act)">
          <xsl:value-of select="concat('  ', $p, ': expected an active route via AS ', $as, ', observed no active route&#10;')"/>
        </xsl:when>
        <xsl:when test="$first != $as">
          <xsl:value-of select="concat('  ', $p, ': expected active route via AS ', $as,
                                       ', observed AS path ', $path, '&#10;')"/>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="eg:active-each">
        <xsl:with-param name="rib" select="$rib"/>
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="as" select="$as"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- active-path.  rib: the instance's route table (get-route-information). -->
  <xsl:template name="eg:judge-active-path">
    <xsl:param name="rib"/>
    <xsl:param name="azure"/>
    <xsl:param name="microsoft-as"/>
    <xsl:variable name="as">
      <xsl:choose>
        <xsl:when test="normalize-space($microsoft-as)"><xsl:value-of select="normalize-space($microsoft-as)"/></xsl:when>
        <xsl:otherwise>12076</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:active-each">
        <xsl:with-param name="rib" select="$rib"/>
        <xsl:with-param name="list" select="normalize-space($azure)"/>
        <xsl:with-param name="as" select="$as"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'active-path'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary" select="concat(normalize-space($azure), ' active via ExpressRoute (AS ', $as, ')')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- backup-ready.  Every Azure prefix also has a route from every VPN peer. -->
  <xsl:template name="eg:judge-backup-ready">
    <xsl:param name="rib"/>
    <xsl:param name="azure"/>
    <xsl:param name="vpn-peers"/>
    <xsl:variable name="findings">
      <xsl:call-template name="eg:backup-each">
        <xsl:with-param name="rib" select="$rib"/>
        <xsl:with-param name="list" select="normalize-space($azure)"/>
        <xsl:with-param name="peers" select="normalize-space($vpn-peers)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'backup-ready'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary"
          select="concat(normalize-space($azure), ' also learned from ', normalize-space($vpn-peers))"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="eg:backup-each">
    <xsl:param name="rib"/>
    <xsl:param name="list"/>
    <xsl:param name="peers"/>
    <xsl:if test="$list">
      <xsl:variable name="p" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:variable name="rt" select="$rib/descendant-or-self::*[local-name() = 'rt']
          [normalize-space(*[local-name() = 'rt-destination']) = $p
           or concat(normalize-space(*[local-name() = 'rt-destination']), '/',
                     normalize-space(*[local-name() = 'rt-prefix-length'])) = $p][1]"/>
      <xsl:variable name="from">
        <xsl:text> </xsl:text>
        <xsl:for-each select="$rt/*[local-name() = 'rt-entry']">
          <xsl:value-of select="concat(normalize-space(*[local-name() = 'learned-from']), ' ')"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:call-template name="eg:missing-each">
        <xsl:with-param name="set" select="$from"/>
        <xsl:with-param name="list" select="$peers"/>
        <xsl:with-param name="label" select="$p"/>
        <xsl:with-param name="what" select="' a route from'"/>
      </xsl:call-template>
      <xsl:call-template name="eg:backup-each">
        <xsl:with-param name="rib" select="$rib"/>
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="peers" select="$peers"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!--
    lp-rib.  For the Azure prefixes: paths whose AS path starts with the
    Microsoft AS carry local-preference; paths from a VPN peer carry
    vpn-local-preference.
  -->
  <xsl:template name="eg:judge-lp-rib">
    <xsl:param name="rib"/>
    <xsl:param name="azure"/>
    <xsl:param name="vpn-peers"/>
    <xsl:param name="microsoft-as"/>
    <xsl:param name="local-preference"/>
    <xsl:param name="vpn-local-preference"/>
    <xsl:variable name="as" select="normalize-space($microsoft-as)"/>
    <xsl:variable name="lp" select="normalize-space($local-preference)"/>
    <xsl:variable name="vlp" select="normalize-space($vpn-local-preference)"/>
    <xsl:variable name="az" select="concat(' ', normalize-space($azure), ' ')"/>
    <xsl:variable name="vp" select="concat(' ', normalize-space($vpn-peers), ' ')"/>
    <xsl:variable name="findings">
      <xsl:for-each select="$rib/descendant-or-self::*[local-name() = 'rt']">
        <xsl:variable name="p">
          <xsl:call-template name="eg:rt-prefix"/>
        </xsl:variable>
        <xsl:if test="contains($az, concat(' ', $p, ' '))">
          <xsl:for-each select="*[local-name() = 'rt-entry']">
            <xsl:variable name="first">
              <xsl:call-template name="eg:first-as"/>
            </xsl:variable>
            <xsl:variable name="from" select="normalize-space(*[local-name() = 'learned-from'])"/>
            <xsl:variable name="got" select="normalize-space(*[local-name() = 'local-preference'])"/>
            <xsl:variable name="nh" select="*[local-name() = 'nh'][1]"/>
            <xsl:variable name="hop" select="normalize-space(($nh/*[local-name() = 'to'] | $nh/*[local-name() = 'via'])[1])"/>
            <xsl:choose>
              <xsl:when test="$first = $as and $got != $lp">
                <xsl:value-of select="concat('  ', $p, ' via AS ', $as, ' to ', $hop, ': expected local-preference ', $lp,
                                             ', observed local-preference ', $got, '&#10;')"/>
              </xsl:when>
              <xsl:when test="$from and contains($vp, concat(' ', $from, ' ')) and $got != $vlp">
                <xsl:value-of select="concat('  ', $p, ' from ', $from, ': expected local-preference ', $vlp,
                                             ', observed local-preference ', $got, '&#10;')"/>
              </xsl:when>
            </xsl:choose>
          </xsl:for-each>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="eg:verdict">
      <xsl:with-param name="check" select="'lp-rib'"/>
      <xsl:with-param name="findings" select="$findings"/>
      <xsl:with-param name="summary"
          select="concat('local-preference ', $lp, ' via ExpressRoute, ', $vlp, ' via the VPN')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ IPv4 prefixes -->
  <!-- The same arithmetic as erguard-commit.xsl (each script stands alone on the box). -->

  <xsl:template name="eg:ip-number">
    <xsl:param name="ip"/>
    <xsl:variable name="r1" select="substring-after($ip, '.')"/>
    <xsl:variable name="r2" select="substring-after($r1, '.')"/>
    <xsl:value-of select="((substring-before($ip, '.') * 256 + substring-before($r1, '.')) * 256
                           + substring-before($r2, '.')) * 256 + substring-after($r2, '.')"/>
  </xsl:template>

  <xsl:template name="eg:pow2">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n &lt;= 0">1</xsl:when>
      <xsl:otherwise>
        <xsl:variable name="half">
          <xsl:call-template name="eg:pow2">
            <xsl:with-param name="n" select="$n - 1"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:value-of select="2 * $half"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "1" when outer strictly covers inner (is shorter and contains it), else "". -->
  <xsl:template name="eg:covers">
    <xsl:param name="outer"/>
    <xsl:param name="inner"/>
    <xsl:variable name="o" select="concat($outer, substring('/32', 1, 3 * not(contains($outer, '/'))))"/>
    <xsl:variable name="i" select="concat($inner, substring('/32', 1, 3 * not(contains($inner, '/'))))"/>
    <xsl:variable name="olen" select="number(substring-after($o, '/'))"/>
    <xsl:variable name="ilen" select="number(substring-after($i, '/'))"/>
    <xsl:if test="$olen &gt;= 0 and $ilen &lt;= 32 and $olen &lt; $ilen">
      <xsl:variable name="oa">
        <xsl:call-template name="eg:ip-number">
          <xsl:with-param name="ip" select="substring-before($o, '/')"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="ia">
        <xsl:call-template name="eg:ip-number">
          <xsl:with-param name="ip" select="substring-before($i, '/')"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="block">
        <xsl:call-template name="eg:pow2">
          <xsl:with-param name="n" select="32 - $olen"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="floor($oa div $block) = floor($ia div $block)">1</xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="eg:first-covering">
    <xsl:param name="prefix"/>
    <xsl:param name="list"/>
    <xsl:variable name="rest" select="normalize-space($list)"/>
    <xsl:if test="$rest">
      <xsl:variable name="head" select="substring-before(concat($rest, ' '), ' ')"/>
      <xsl:variable name="hit">
        <xsl:call-template name="eg:covers">
          <xsl:with-param name="outer" select="$head"/>
          <xsl:with-param name="inner" select="$prefix"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="$hit = '1'"><xsl:value-of select="$head"/></xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="eg:first-covering">
            <xsl:with-param name="prefix" select="$prefix"/>
            <xsl:with-param name="list" select="substring-after($rest, ' ')"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
