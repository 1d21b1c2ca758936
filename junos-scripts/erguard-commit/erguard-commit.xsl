<?xml version="1.0" standalone="yes"?>
<!--
  erguard-commit.xsl - commit script holding erguard's configuration
  invariants on the CE routers and the firewall at commit time.

  POLICY.  Every routing instance that carries "apply-macro erguard" is
  checked against the values that macro states; instances without it are
  left alone, so one script serves every instance on every box:

    role ce        lp-config   the iBGP group toward the firewall
                               (ibgp-group) sets local-preference
                               (local-preference, 150 in the reference
                               design), for the group and for every
                               neighbor of it, not deactivated.
                   bfd-config  the ExpressRoute eBGP group (ebgp-group)
                               configures bfd-liveness-detection with
                               minimum-interval bfd-minimum-interval and
                               multiplier bfd-multiplier (Junos default 3),
                               for the group and every neighbor of it.
                               Only when the macro gives BFD values.
    role firewall  vpn-no-more-specific
                               no export policy of the VPN eBGP group
                               (vpn-group) accepts a route-filter or
                               prefix-list entry more specific than a
                               prefix ExpressRoute carries
                               (expressroute-prefixes, space separated):
                               Azure would prefer the VPN for it.

  A violation is an xnm:error (the commit fails) whose message starts with
  the erguard check ID and uses erguard's words ("expected ..., observed
  ...").  Softer findings are xnm:warning: a route-filter that may let
  more specific routes through (orlonger, upto, ...), an export policy
  named in the macro but not applied, a macro that lacks what a check
  needs.  Deactivated statements (inactive="inactive") count as absent.
  BGP settings are inherited the Junos way: neighbor, then group, then
  protocols bgp; the configuration a commit script sees has its groups
  (apply-groups) already applied.  The local-preference judged is the one
  the firewall receives: a then local-preference in the export policies
  toward it (the neighbor's export, else the group's) wins over the
  local-preference statement.

  With "apply-macro erguard fix" the script repairs what it can instead of
  refusing: local-preference and bfd-liveness-detection are emitted as a
  transient-change, with a warning saying so.  Transient changes need
  "set system scripts commit allow-transients".  vpn-no-more-specific is
  never repaired automatically: it stays an error.

  Macro example (CE):
    apply-macro erguard { role ce; ibgp-group ibgp; local-preference 150;
                          ebgp-group ebgp; bfd-minimum-interval 300;
                          bfd-multiplier 3; }
  Macro example (firewall):
    apply-macro erguard { role firewall; vpn-group vpn;
                          export-policy vpn-export;
                          expressroute-prefixes 10.1.11.0/25; }
  IPv4 and IPv6 prefixes (expressroute-prefixes may hold both); a prefix
  is judged against those of its own family only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:junos="http://xml.juniper.net/junos/*/junos"
    xmlns:xnm="http://xml.juniper.net/xnm/1.1/xnm"
    xmlns:jcs="http://xml.juniper.net/junos/commit-scripts/1.0"
    xmlns:eg="urn:erguard:junos-scripts"
    exclude-result-prefixes="eg">

  <xsl:import href="../import/junos.xsl"/>

  <xsl:template match="configuration">
    <xsl:for-each select="routing-instances/instance[not(@inactive)]
                          [apply-macro[not(@inactive)][name = 'erguard']]">
      <xsl:call-template name="eg:instance"/>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ instance -->

  <!-- Context: one routing instance carrying apply-macro erguard. -->
  <xsl:template name="eg:instance">
    <xsl:variable name="macro" select="apply-macro[not(@inactive)][name = 'erguard'][1]"/>
    <xsl:variable name="role" select="normalize-space($macro/data[not(@inactive)][name = 'role']/value)"/>
    <xsl:variable name="fix" select="boolean($macro/data[not(@inactive)][name = 'fix'])"/>
    <xsl:variable name="bgp" select="protocols[not(@inactive)]/bgp[not(@inactive)]"/>
    <xsl:choose>
      <xsl:when test="$role = 'ce'">
        <xsl:call-template name="eg:lp-config">
          <xsl:with-param name="macro" select="$macro"/>
          <xsl:with-param name="bgp" select="$bgp"/>
          <xsl:with-param name="fix" select="$fix"/>
        </xsl:call-template>
        <xsl:call-template name="eg:bfd-config">
          <xsl:with-param name="macro" select="$macro"/>
          <xsl:with-param name="bgp" select="$bgp"/>
          <xsl:with-param name="fix" select="$fix"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$role = 'firewall'">
        <xsl:call-template name="eg:vpn-no-more-specific">
          <xsl:with-param name="macro" select="$macro"/>
          <xsl:with-param name="bgp" select="$bgp"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xnm:warning>
          <xsl:call-template name="jcs:edit-path"/>
          <xsl:call-template name="jcs:statement">
            <xsl:with-param name="dot" select="$macro"/>
          </xsl:call-template>
          <message>
            <xsl:value-of select="concat('erguard: instance ', normalize-space(name),
                                         ': apply-macro erguard: expected role ce or firewall, observed ')"/>
            <xsl:choose>
              <xsl:when test="$role"><xsl:text>role </xsl:text><xsl:value-of select="$role"/></xsl:when>
              <xsl:otherwise>role absent</xsl:otherwise>
            </xsl:choose>
            <xsl:text>; nothing checked</xsl:text>
          </message>
        </xnm:warning>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A warning that the macro lacks what a check needs.  Context: instance. -->
  <xsl:template name="eg:macro-missing">
    <xsl:param name="macro"/>
    <xsl:param name="check"/>
    <xsl:param name="what"/>
    <xnm:warning>
      <xsl:call-template name="jcs:edit-path"/>
      <xsl:call-template name="jcs:statement">
        <xsl:with-param name="dot" select="$macro"/>
      </xsl:call-template>
      <message>
        <xsl:value-of select="concat($check, ': instance ', normalize-space(name), ': apply-macro erguard lacks ')"/>
        <xsl:value-of select="$what"/>
        <xsl:text>; not checked</xsl:text>
      </message>
    </xnm:warning>
  </xsl:template>

  <!-- ============================================================ lp-config -->

  <xsl:template name="eg:lp-config">
    <xsl:param name="macro"/>
    <xsl:param name="bgp"/>
    <xsl:param name="fix"/>
    <xsl:variable name="gname" select="normalize-space($macro/data[not(@inactive)][name = 'ibgp-group']/value)"/>
    <xsl:variable name="want" select="normalize-space($macro/data[not(@inactive)][name = 'local-preference']/value)"/>
    <xsl:variable name="all" select="protocols/bgp/group[normalize-space(name) = $gname]"/>
    <xsl:variable name="group" select="$bgp/group[not(@inactive)][normalize-space(name) = $gname]"/>
    <xsl:variable name="iname" select="normalize-space(name)"/>
    <xsl:variable name="expected" select="concat('expected local-preference ', $want)"/>
    <xsl:choose>
      <xsl:when test="not($gname) or not($want)">
        <xsl:call-template name="eg:macro-missing">
          <xsl:with-param name="macro" select="$macro"/>
          <xsl:with-param name="check" select="'lp-config'"/>
          <xsl:with-param name="what" select="'ibgp-group or local-preference'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="not($group)">
        <xsl:call-template name="eg:group-absent">
          <xsl:with-param name="check" select="'lp-config'"/>
          <xsl:with-param name="gname" select="$gname"/>
          <xsl:with-param name="expected" select="$expected"/>
          <xsl:with-param name="deactivated" select="boolean($all)"/>
          <xsl:with-param name="why" select="'routes via ExpressRoute would not win over the VPN'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="nbrs" select="$group/neighbor[not(@inactive)]"/>
        <!-- export toward the firewall: the group's, else protocols bgp's -->
        <xsl:variable name="gexport" select="($group/export[not(@inactive)]
                                              | $bgp[not($group/export[not(@inactive)])]/export[not(@inactive)])"/>
        <!-- The group's own values apply when a neighbor inherits them all, or when there is none. -->
        <xsl:if test="not($nbrs) or $nbrs[not(local-preference[not(@inactive)]) and not(export[not(@inactive)])]">
          <xsl:variable name="src" select="($group/local-preference[not(@inactive)]
                                            | $bgp[not($group/local-preference[not(@inactive)])]/local-preference[not(@inactive)])[1]"/>
          <xsl:call-template name="eg:lp-judge">
            <xsl:with-param name="holder" select="$group"/>
            <xsl:with-param name="src" select="$src"/>
            <xsl:with-param name="chain" select="$gexport"/>
            <xsl:with-param name="where" select="concat('instance ', normalize-space(name), ' group ', $gname)"/>
            <xsl:with-param name="want" select="$want"/>
            <xsl:with-param name="fix" select="$fix"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:for-each select="$nbrs[local-preference[not(@inactive)] or export[not(@inactive)]]">
          <xsl:variable name="src" select="(local-preference[not(@inactive)]
                                            | $group[not(current()/local-preference[not(@inactive)])]/local-preference[not(@inactive)]
                                            | $bgp[not(current()/local-preference[not(@inactive)]) and
                                                   not($group/local-preference[not(@inactive)])]/local-preference[not(@inactive)])[1]"/>
          <xsl:call-template name="eg:lp-judge">
            <xsl:with-param name="holder" select="."/>
            <xsl:with-param name="src" select="$src"/>
            <xsl:with-param name="chain" select="export[not(@inactive)] | $gexport[not(current()/export[not(@inactive)])]"/>
            <xsl:with-param name="where" select="concat('instance ', $iname, ' group ', $gname,
                                                        ' neighbor ', normalize-space(name))"/>
            <xsl:with-param name="want" select="$want"/>
            <xsl:with-param name="fix" select="$fix"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    What a chain of export policies does to the local-preference of a BGP
    route, as Junos evaluates it (and erguard's lp-config): policies in
    order, terms in order; a matching term applies its then local-preference,
    accept or reject ends the chain, next policy goes on to the next one, no
    flow action goes on to the next term; a policy's own from/then is its
    last term.  A term matches when its from is absent or names protocol
    bgp; any other condition (route-filter, prefix-list, community, ...) is
    not judged here: the result is then unknown.
    Result: "KIND|LP|POLICY|TERM|WHY", KIND one of set, unset, reject, unknown.
    set: "LP|POLICY|TERM" of the last value set so far.
  -->
  <xsl:template name="eg:lp-chain">
    <xsl:param name="chain"/>
    <xsl:param name="i" select="1"/>
    <xsl:param name="set" select="''"/>
    <xsl:choose>
      <xsl:when test="$i &gt; count($chain)">
        <xsl:choose>
          <xsl:when test="$set"><xsl:value-of select="concat('set|', $set, '|')"/></xsl:when>
          <xsl:otherwise>unset||||</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="pname" select="normalize-space($chain[$i])"/>
        <xsl:variable name="pol" select="$chain[$i]/ancestor::configuration[1]/policy-options
                                         /policy-statement[not(@inactive)][normalize-space(name) = $pname]"/>
        <xsl:choose>
          <xsl:when test="not($pol)">
            <xsl:value-of select="concat('unknown||', $pname, '||is not configured')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:variable name="r">
              <xsl:call-template name="eg:lp-terms">
                <xsl:with-param name="pol" select="$pol[1]"/>
                <xsl:with-param name="set" select="$set"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:choose>
              <xsl:when test="starts-with($r, 'next|')">
                <xsl:call-template name="eg:lp-chain">
                  <xsl:with-param name="chain" select="$chain"/>
                  <xsl:with-param name="i" select="$i + 1"/>
                  <xsl:with-param name="set" select="substring-after($r, 'next|')"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="$r"/></xsl:otherwise>
            </xsl:choose>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The terms of one policy from term j on; "next|SET" when the chain goes on. -->
  <xsl:template name="eg:lp-terms">
    <xsl:param name="pol"/>
    <xsl:param name="j" select="1"/>
    <xsl:param name="set"/>
    <xsl:variable name="terms" select="$pol/term[not(@inactive)]"/>
    <xsl:variable name="n" select="count($terms)"/>
    <xsl:variable name="pname" select="normalize-space($pol/name)"/>
    <xsl:choose>
      <xsl:when test="$j &gt; $n + 1 or ($j = $n + 1 and not($pol/then[not(@inactive)]))">
        <xsl:value-of select="concat('next|', $set)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="t" select="$terms[$j] | $pol[$j = $n + 1]"/>
        <xsl:variable name="tname" select="normalize-space($terms[$j]/name)"/>
        <xsl:variable name="from" select="$t/from[not(@inactive)]"/>
        <xsl:variable name="then" select="$t/then[not(@inactive)]"/>
        <xsl:variable name="other" select="$from/*[not(@inactive)][local-name() != 'protocol']"/>
        <xsl:variable name="lpe" select="$then/local-preference[not(@inactive)]"/>
        <xsl:choose>
          <xsl:when test="$other">
            <xsl:value-of select="concat('unknown||', $pname, '|', $tname, '|matches on ', local-name($other[1]))"/>
          </xsl:when>
          <xsl:when test="$from/protocol[not(@inactive)] and
                          not($from/protocol[not(@inactive)][normalize-space(.) = 'bgp'])">
            <xsl:call-template name="eg:lp-terms">
              <xsl:with-param name="pol" select="$pol"/>
              <xsl:with-param name="j" select="$j + 1"/>
              <xsl:with-param name="set" select="$set"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:when test="$lpe/*[local-name() != 'local-preference']">
            <xsl:value-of select="concat('unknown||', $pname, '|', $tname, '|adds to or subtracts from local-preference')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:variable name="nset">
              <xsl:choose>
                <xsl:when test="$lpe">
                  <xsl:value-of select="concat(normalize-space($lpe), '|', $pname, '|', $tname)"/>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="$set"/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <xsl:choose>
              <xsl:when test="$then/reject[not(@inactive)]">
                <xsl:value-of select="concat('reject||', $pname, '|', $tname, '|')"/>
              </xsl:when>
              <xsl:when test="$then/accept[not(@inactive)] and $nset != ''">
                <xsl:value-of select="concat('set|', $nset, '|')"/>
              </xsl:when>
              <xsl:when test="$then/accept[not(@inactive)]">unset||||</xsl:when>
              <xsl:when test="normalize-space($then/next[not(@inactive)]) = 'policy'">
                <xsl:value-of select="concat('next|', $nset)"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="eg:lp-terms">
                  <xsl:with-param name="pol" select="$pol"/>
                  <xsl:with-param name="j" select="$j + 1"/>
                  <xsl:with-param name="set" select="$nset"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    Judge one effective local-preference.  holder: the group or neighbor it
    applies to (where a fix goes); src: the active statement that supplies
    it (holder's own, or inherited), empty when none; chain: the export
    statements in force for it, whose then local-preference wins over src.
  -->
  <xsl:template name="eg:lp-judge">
    <xsl:param name="holder"/>
    <xsl:param name="src"/>
    <xsl:param name="chain"/>
    <xsl:param name="where"/>
    <xsl:param name="want"/>
    <xsl:param name="fix"/>
    <xsl:variable name="r">
      <xsl:call-template name="eg:lp-chain">
        <xsl:with-param name="chain" select="$chain"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="kind" select="substring-before($r, '|')"/>
    <xsl:variable name="r1" select="substring-after($r, '|')"/>
    <xsl:variable name="plp" select="substring-before($r1, '|')"/>
    <xsl:variable name="r2" select="substring-after($r1, '|')"/>
    <xsl:variable name="ppol" select="substring-before($r2, '|')"/>
    <xsl:variable name="r3" select="substring-after($r2, '|')"/>
    <xsl:variable name="pterm" select="substring-before($r3, '|')"/>
    <xsl:variable name="pwhy" select="substring-after($r3, '|')"/>
    <xsl:variable name="pwhere">
      <xsl:text>export policy </xsl:text>
      <xsl:value-of select="$ppol"/>
      <xsl:if test="$pterm != ''"><xsl:value-of select="concat(' term ', $pterm)"/></xsl:if>
    </xsl:variable>
    <xsl:variable name="pnode" select="$holder/ancestor::configuration[1]/policy-options
                                       /policy-statement[normalize-space(name) = $ppol]"/>
    <xsl:choose>
      <xsl:when test="$kind = 'unknown'">
        <xnm:warning>
          <xsl:call-template name="jcs:edit-path">
            <xsl:with-param name="dot" select="$holder"/>
          </xsl:call-template>
          <message>
            <xsl:value-of select="concat('lp-config: ', $where, ': ', $pwhere, ' ', $pwhy,
                                         ', which this script does not evaluate; local-preference not judged')"/>
          </message>
        </xnm:warning>
      </xsl:when>
      <xsl:when test="$kind = 'reject' or ($kind = 'set' and $plp != $want)">
        <!-- a policy decides: a transient local-preference statement would not change it -->
        <xnm:error>
          <xsl:call-template name="jcs:edit-path">
            <xsl:with-param name="dot" select="($pnode/term[normalize-space(name) = $pterm] | $pnode[$pterm = ''])[1]"/>
          </xsl:call-template>
          <message>
            <xsl:value-of select="concat('lp-config: ', $where, ': expected local-preference ', $want, ', observed ')"/>
            <xsl:choose>
              <xsl:when test="$kind = 'reject'">
                <xsl:value-of select="concat('routes rejected by ', $pwhere)"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:value-of select="concat('local-preference ', $plp, ' (set by ', $pwhere, ')')"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:text>; routes via ExpressRoute would not win over the VPN</xsl:text>
          </message>
        </xnm:error>
      </xsl:when>
      <xsl:when test="$kind = 'set'"/>
      <xsl:otherwise>
        <xsl:call-template name="eg:lp-statement">
          <xsl:with-param name="holder" select="$holder"/>
          <xsl:with-param name="src" select="$src"/>
          <xsl:with-param name="where" select="$where"/>
          <xsl:with-param name="want" select="$want"/>
          <xsl:with-param name="fix" select="$fix"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- No policy sets it: judge the local-preference statement. -->
  <xsl:template name="eg:lp-statement">
    <xsl:param name="holder"/>
    <xsl:param name="src"/>
    <xsl:param name="where"/>
    <xsl:param name="want"/>
    <xsl:param name="fix"/>
    <xsl:variable name="dead" select="$holder/local-preference[@inactive]"/>
    <xsl:variable name="observed">
      <xsl:choose>
        <xsl:when test="$src">
          <xsl:text>local-preference </xsl:text>
          <xsl:value-of select="normalize-space($src)"/>
          <xsl:if test="local-name($src/..) = 'bgp'"> (from protocols bgp)</xsl:if>
        </xsl:when>
        <xsl:when test="$dead">local-preference absent (deactivated)</xsl:when>
        <xsl:otherwise>local-preference absent</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="not($src) or normalize-space($src) != $want">
      <xsl:variable name="head" select="concat('lp-config: ', $where, ': expected local-preference ', $want)"/>
      <xsl:choose>
        <xsl:when test="$fix">
          <xsl:call-template name="jcs:emit-change">
            <xsl:with-param name="dot" select="$holder"/>
            <xsl:with-param name="tag" select="'transient-change'"/>
            <xsl:with-param name="content">
              <xsl:choose>
                <xsl:when test="$dead and not($holder/local-preference[not(@inactive)])">
                  <local-preference active="active"><xsl:value-of select="$want"/></local-preference>
                </xsl:when>
                <xsl:otherwise>
                  <local-preference><xsl:value-of select="$want"/></local-preference>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="message"
                select="concat($head, ', observed ', $observed,
                               '; set local-preference ', $want, ' as a transient change')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xnm:error>
            <xsl:choose>
              <xsl:when test="$src">
                <xsl:call-template name="jcs:edit-path">
                  <xsl:with-param name="dot" select="$src/.."/>
                </xsl:call-template>
                <xsl:call-template name="jcs:statement">
                  <xsl:with-param name="dot" select="$src"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:when test="$dead">
                <xsl:call-template name="jcs:edit-path">
                  <xsl:with-param name="dot" select="$holder"/>
                </xsl:call-template>
                <xsl:call-template name="jcs:statement">
                  <xsl:with-param name="dot" select="$dead[1]"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="jcs:edit-path">
                  <xsl:with-param name="dot" select="$holder/.."/>
                </xsl:call-template>
                <xsl:call-template name="jcs:statement">
                  <xsl:with-param name="dot" select="$holder"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
            <message>
              <xsl:value-of select="concat($head, ', observed ', $observed,
                                           '; routes via ExpressRoute would not win over the VPN')"/>
            </message>
          </xnm:error>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- The group a check needs is missing or deactivated.  Context: instance. -->
  <xsl:template name="eg:group-absent">
    <xsl:param name="check"/>
    <xsl:param name="gname"/>
    <xsl:param name="expected"/>
    <xsl:param name="deactivated"/>
    <xsl:param name="why"/>
    <xsl:variable name="at" select="(protocols/bgp | protocols | .)[last()]"/>
    <xnm:error>
      <xsl:call-template name="jcs:edit-path">
        <xsl:with-param name="dot" select="$at"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$deactivated">
          <xsl:call-template name="jcs:statement">
            <xsl:with-param name="dot" select="protocols/bgp/group[normalize-space(name) = $gname][1]"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="jcs:statement">
            <xsl:with-param name="dot" select="$at"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <message>
        <xsl:value-of select="concat($check, ': instance ', normalize-space(name), ' group ', $gname, ': ',
                                     $expected, ', observed group absent')"/>
        <xsl:if test="$deactivated"> (deactivated)</xsl:if>
        <xsl:value-of select="concat('; ', $why)"/>
      </message>
    </xnm:error>
  </xsl:template>

  <!-- ============================================================ bfd-config -->

  <xsl:template name="eg:bfd-config">
    <xsl:param name="macro"/>
    <xsl:param name="bgp"/>
    <xsl:param name="fix"/>
    <xsl:variable name="gname" select="normalize-space($macro/data[not(@inactive)][name = 'ebgp-group']/value)"/>
    <xsl:variable name="ivl" select="normalize-space($macro/data[not(@inactive)][name = 'bfd-minimum-interval']/value)"/>
    <xsl:variable name="mul0" select="normalize-space($macro/data[not(@inactive)][name = 'bfd-multiplier']/value)"/>
    <xsl:variable name="mul">
      <xsl:choose>
        <xsl:when test="$mul0"><xsl:value-of select="$mul0"/></xsl:when>
        <xsl:otherwise>3</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="all" select="protocols/bgp/group[normalize-space(name) = $gname]"/>
    <xsl:variable name="group" select="$bgp/group[not(@inactive)][normalize-space(name) = $gname]"/>
    <xsl:variable name="iname" select="normalize-space(name)"/>
    <xsl:variable name="expected"
        select="concat('expected bfd-liveness-detection minimum-interval ', $ivl, ' multiplier ', $mul)"/>
    <xsl:choose>
      <!-- No BFD values in the macro: the intent asks for no BFD, nothing to check. -->
      <xsl:when test="not($ivl) and not($mul0)"/>
      <xsl:when test="not($gname) or not($ivl)">
        <xsl:call-template name="eg:macro-missing">
          <xsl:with-param name="macro" select="$macro"/>
          <xsl:with-param name="check" select="'bfd-config'"/>
          <xsl:with-param name="what" select="'ebgp-group or bfd-minimum-interval'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="not($group)">
        <xsl:call-template name="eg:group-absent">
          <xsl:with-param name="check" select="'bfd-config'"/>
          <xsl:with-param name="gname" select="$gname"/>
          <xsl:with-param name="expected" select="$expected"/>
          <xsl:with-param name="deactivated" select="boolean($all)"/>
          <xsl:with-param name="why" select="'an ExpressRoute failure would wait for the BGP hold timer'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="nbrs" select="$group/neighbor[not(@inactive)]"/>
        <xsl:if test="not($nbrs) or $nbrs[not(bfd-liveness-detection[not(@inactive)])]">
          <xsl:variable name="src" select="($group/bfd-liveness-detection[not(@inactive)]
                                            | $bgp[not($group/bfd-liveness-detection[not(@inactive)])]/bfd-liveness-detection[not(@inactive)])[1]"/>
          <xsl:call-template name="eg:bfd-judge">
            <xsl:with-param name="holder" select="$group"/>
            <xsl:with-param name="src" select="$src"/>
            <xsl:with-param name="where" select="concat('instance ', normalize-space(name), ' group ', $gname)"/>
            <xsl:with-param name="ivl" select="$ivl"/>
            <xsl:with-param name="mul" select="$mul"/>
            <xsl:with-param name="fix" select="$fix"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:for-each select="$nbrs[bfd-liveness-detection[not(@inactive)]]">
          <xsl:call-template name="eg:bfd-judge">
            <xsl:with-param name="holder" select="."/>
            <xsl:with-param name="src" select="bfd-liveness-detection[not(@inactive)]"/>
            <xsl:with-param name="where" select="concat('instance ', $iname, ' group ', $gname,
                                                        ' neighbor ', normalize-space(name))"/>
            <xsl:with-param name="ivl" select="$ivl"/>
            <xsl:with-param name="mul" select="$mul"/>
            <xsl:with-param name="fix" select="$fix"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="eg:bfd-judge">
    <xsl:param name="holder"/>
    <xsl:param name="src"/>
    <xsl:param name="where"/>
    <xsl:param name="ivl"/>
    <xsl:param name="mul"/>
    <xsl:param name="fix"/>
    <xsl:variable name="dead" select="$holder/bfd-liveness-detection[@inactive]"/>
    <xsl:variable name="got-ivl" select="normalize-space($src/minimum-interval[not(@inactive)])"/>
    <xsl:variable name="got-mul">
      <xsl:choose>
        <xsl:when test="$src/multiplier[not(@inactive)]">
          <xsl:value-of select="normalize-space($src/multiplier[not(@inactive)])"/>
        </xsl:when>
        <xsl:otherwise>3</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="observed">
      <xsl:choose>
        <xsl:when test="$src">
          <xsl:text>bfd-liveness-detection minimum-interval </xsl:text>
          <xsl:choose>
            <xsl:when test="$got-ivl"><xsl:value-of select="$got-ivl"/></xsl:when>
            <xsl:otherwise>absent</xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="concat(' multiplier ', $got-mul)"/>
          <xsl:if test="local-name($src/..) = 'bgp'"> (from protocols bgp)</xsl:if>
        </xsl:when>
        <xsl:when test="$dead">bfd-liveness-detection absent (deactivated)</xsl:when>
        <xsl:otherwise>bfd-liveness-detection absent</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="not($src) or $got-ivl != $ivl or $got-mul != $mul">
      <xsl:variable name="head"
          select="concat('bfd-config: ', $where, ': expected bfd-liveness-detection minimum-interval ',
                         $ivl, ' multiplier ', $mul)"/>
      <xsl:choose>
        <xsl:when test="$fix">
          <xsl:call-template name="jcs:emit-change">
            <xsl:with-param name="dot" select="$holder"/>
            <xsl:with-param name="tag" select="'transient-change'"/>
            <xsl:with-param name="content">
              <bfd-liveness-detection>
                <xsl:if test="$dead and not($holder/bfd-liveness-detection[not(@inactive)])">
                  <xsl:attribute name="active">active</xsl:attribute>
                </xsl:if>
                <minimum-interval><xsl:value-of select="$ivl"/></minimum-interval>
                <multiplier><xsl:value-of select="$mul"/></multiplier>
              </bfd-liveness-detection>
            </xsl:with-param>
            <xsl:with-param name="message"
                select="concat($head, ', observed ', $observed,
                               '; set bfd-liveness-detection minimum-interval ', $ivl,
                               ' multiplier ', $mul, ' as a transient change')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xnm:error>
            <xsl:choose>
              <xsl:when test="$src">
                <xsl:call-template name="jcs:edit-path">
                  <xsl:with-param name="dot" select="$src"/>
                </xsl:call-template>
                <xsl:choose>
                  <xsl:when test="$got-ivl != $ivl or not($got-ivl)">
                    <xsl:call-template name="jcs:statement">
                      <xsl:with-param name="dot" select="($src/minimum-interval[not(@inactive)] | $src)[last()]"/>
                    </xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:call-template name="jcs:statement">
                      <xsl:with-param name="dot" select="($src/multiplier[not(@inactive)] | $src)[last()]"/>
                    </xsl:call-template>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:when>
              <xsl:when test="$dead">
                <xsl:call-template name="jcs:edit-path">
                  <xsl:with-param name="dot" select="$holder"/>
                </xsl:call-template>
                <xsl:call-template name="jcs:statement">
                  <xsl:with-param name="dot" select="$dead[1]"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="jcs:edit-path">
                  <xsl:with-param name="dot" select="$holder/.."/>
                </xsl:call-template>
                <xsl:call-template name="jcs:statement">
                  <xsl:with-param name="dot" select="$holder"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
            <message>
              <xsl:value-of select="concat($head, ', observed ', $observed,
                                           '; an ExpressRoute failure would wait for the BGP hold timer')"/>
            </message>
          </xnm:error>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ vpn-no-more-specific -->

  <xsl:template name="eg:vpn-no-more-specific">
    <xsl:param name="macro"/>
    <xsl:param name="bgp"/>
    <xsl:variable name="gname" select="normalize-space($macro/data[not(@inactive)][name = 'vpn-group']/value)"/>
    <xsl:variable name="er" select="normalize-space($macro/data[not(@inactive)][name = 'expressroute-prefixes']/value)"/>
    <xsl:variable name="policy" select="normalize-space($macro/data[not(@inactive)][name = 'export-policy']/value)"/>
    <xsl:variable name="group" select="$bgp/group[not(@inactive)][normalize-space(name) = $gname]"/>
    <xsl:variable name="po" select="/commit-script-input/configuration/policy-options[not(@inactive)]"/>
    <xsl:variable name="iname" select="normalize-space(name)"/>
    <xsl:choose>
      <xsl:when test="not($gname) or not($er)">
        <xsl:call-template name="eg:macro-missing">
          <xsl:with-param name="macro" select="$macro"/>
          <xsl:with-param name="check" select="'vpn-no-more-specific'"/>
          <xsl:with-param name="what" select="'vpn-group or expressroute-prefixes'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="not($group)">
        <xnm:warning>
          <xsl:call-template name="jcs:edit-path">
            <xsl:with-param name="dot" select="(protocols/bgp | protocols | .)[last()]"/>
          </xsl:call-template>
          <message>
            <xsl:value-of select="concat('vpn-no-more-specific: instance ', normalize-space(name), ' group ',
                                         $gname, ' absent; nothing is advertised over the VPN')"/>
          </message>
        </xnm:warning>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="nbrs" select="$group/neighbor[not(@inactive)]"/>
        <!-- Export statements in effect: the group's (else protocols bgp's) for
             neighbors that inherit, and each neighbor's own. -->
        <xsl:variable name="gexp" select="($group/export[not(@inactive)]
                                           | $bgp[not($group/export[not(@inactive)])]/export[not(@inactive)])"/>
        <xsl:variable name="inherit" select="not($nbrs) or $nbrs[not(export[not(@inactive)])]"/>
        <xsl:variable name="exports" select="$gexp[$inherit] | $nbrs/export[not(@inactive)]"/>
        <xsl:if test="$policy and not($exports[normalize-space(.) = $policy])">
          <xnm:warning>
            <xsl:call-template name="jcs:edit-path">
              <xsl:with-param name="dot" select="$group"/>
            </xsl:call-template>
            <xsl:call-template name="jcs:statement">
              <xsl:with-param name="dot" select="$group"/>
            </xsl:call-template>
            <message>
              <xsl:value-of select="concat('vpn-no-more-specific: instance ', normalize-space(name),
                                           ' group ', $gname, ': export policy ',
                                           $policy, ' named by apply-macro erguard is not applied')"/>
            </message>
          </xnm:warning>
        </xsl:if>
        <xsl:for-each select="$po/policy-statement[not(@inactive)]">
          <xsl:variable name="pname" select="normalize-space(name)"/>
          <xsl:if test="$exports[normalize-space(.) = $pname]">
            <!-- Terms first, then the policy's own from/then, as Junos evaluates them. -->
            <xsl:for-each select="term[not(@inactive)]">
              <xsl:call-template name="eg:judge-term">
                <xsl:with-param name="er" select="$er"/>
                <xsl:with-param name="iname" select="$iname"/>
                <xsl:with-param name="gname" select="$gname"/>
                <xsl:with-param name="pname" select="$pname"/>
                <xsl:with-param name="po" select="$po"/>
              </xsl:call-template>
            </xsl:for-each>
            <xsl:call-template name="eg:judge-term">
              <xsl:with-param name="er" select="$er"/>
              <xsl:with-param name="iname" select="$iname"/>
              <xsl:with-param name="gname" select="$gname"/>
              <xsl:with-param name="pname" select="$pname"/>
              <xsl:with-param name="po" select="$po"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    Context: a term, or the policy-statement itself (its own from/then).
    A term whose then rejects exports nothing; any other term is taken to
    export what it matches.
  -->
  <xsl:template name="eg:judge-term">
    <xsl:param name="er"/>
    <xsl:param name="iname"/>
    <xsl:param name="gname"/>
    <xsl:param name="pname"/>
    <xsl:param name="po"/>
    <xsl:variable name="where">
      <xsl:value-of select="concat('instance ', $iname, ' group ', $gname, ' export ', $pname)"/>
      <xsl:if test="local-name() = 'term'">
        <xsl:value-of select="concat(' term ', normalize-space(name))"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="from" select="from[not(@inactive)]"/>
    <xsl:if test="$from and not(then[not(@inactive)]/reject[not(@inactive)])">
      <xsl:for-each select="$from/route-filter[not(@inactive)]">
        <xsl:call-template name="eg:judge-filter">
          <xsl:with-param name="er" select="$er"/>
          <xsl:with-param name="where" select="$where"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="$from/prefix-list[not(@inactive)]">
        <xsl:variable name="lname" select="normalize-space(name)"/>
        <xsl:variable name="ref" select="."/>
        <xsl:for-each select="$po/prefix-list[not(@inactive)][normalize-space(name) = $lname]
                              /prefix-list-item[not(@inactive)]">
          <xsl:variable name="p" select="normalize-space(name)"/>
          <xsl:variable name="outer">
            <xsl:call-template name="eg:first-covering">
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="list" select="$er"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:if test="string($outer)">
            <xnm:error>
              <xsl:call-template name="jcs:edit-path">
                <xsl:with-param name="dot" select="$ref/.."/>
              </xsl:call-template>
              <xsl:call-template name="jcs:statement">
                <xsl:with-param name="dot" select="$ref"/>
              </xsl:call-template>
              <message>
                <xsl:value-of select="concat('vpn-no-more-specific: ', $where,
                                             ': expected nothing more specific than ', $outer,
                                             ', observed prefix-list ', $lname, ' ', $p,
                                             '; Azure would prefer the VPN for it (asymmetric traffic)')"/>
              </message>
            </xnm:error>
          </xsl:if>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- Context: one route-filter.  Both the Junos XML form (<exact/>, <upto>/28</upto>)
       and the YANG form (<choice-ident>, <choice-value>) are read. -->
  <xsl:template name="eg:judge-filter">
    <xsl:param name="er"/>
    <xsl:param name="where"/>
    <xsl:variable name="p" select="normalize-space(address)"/>
    <xsl:variable name="kinds" select="'|exact|longer|orlonger|upto|through|prefix-length-range|address-mask|'"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="choice-ident"><xsl:value-of select="normalize-space(choice-ident)"/></xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="local-name(*[contains($kinds, concat('|', local-name(), '|'))][1])"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="choice-ident"><xsl:value-of select="normalize-space(choice-value)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space(*[local-name() = $kind])"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="len" select="substring-after($p, '/')"/>
    <!-- Longest prefix length the filter lets through. -->
    <xsl:variable name="maxlen">
      <xsl:choose>
        <xsl:when test="($kind = 'longer' or $kind = 'orlonger') and contains($p, ':')">128</xsl:when>
        <xsl:when test="$kind = 'longer' or $kind = 'orlonger'">32</xsl:when>
        <xsl:when test="$kind = 'upto'"><xsl:value-of select="substring-after($value, '/')"/></xsl:when>
        <xsl:when test="$kind = 'prefix-length-range'">
          <xsl:value-of select="substring-after(substring-after($value, '-'), '/')"/>
        </xsl:when>
        <xsl:when test="$kind = 'through'"><xsl:value-of select="substring-after($value, '/')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$len"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="text" select="normalize-space(concat('route-filter ', $p, ' ', $kind, ' ', $value))"/>
    <xsl:variable name="outer">
      <xsl:call-template name="eg:first-covering">
        <xsl:with-param name="prefix" select="$p"/>
        <xsl:with-param name="list" select="$er"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($outer)">
        <xnm:error>
          <xsl:call-template name="jcs:edit-path">
            <xsl:with-param name="dot" select=".."/>
          </xsl:call-template>
          <statement><xsl:value-of select="concat($text, ';')"/></statement>
          <message>
            <xsl:value-of select="concat('vpn-no-more-specific: ', $where,
                                         ': expected nothing more specific than ', $outer,
                                         ', observed ', $text,
                                         '; Azure would prefer the VPN for it (asymmetric traffic)')"/>
          </message>
        </xnm:error>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="under">
          <xsl:call-template name="eg:first-covered">
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="maxlen" select="$maxlen"/>
            <xsl:with-param name="list" select="$er"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:if test="string($under)">
          <xnm:warning>
            <xsl:call-template name="jcs:edit-path">
              <xsl:with-param name="dot" select=".."/>
            </xsl:call-template>
            <statement><xsl:value-of select="concat($text, ';')"/></statement>
            <message>
              <xsl:value-of select="concat('vpn-no-more-specific: ', $where, ': ', $text,
                                           ' may advertise routes more specific than ', $under,
                                           ' over the VPN')"/>
            </message>
          </xnm:warning>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ IPv4 prefixes -->

  <!-- "10.1.11.0" -> 167840512; NaN when not a dotted quad. -->
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

  <!-- "1" when outer covers inner (strict: and is shorter), else "".
       Prefixes of different families never cover each other. -->
  <xsl:template name="eg:covers">
    <xsl:param name="outer"/>
    <xsl:param name="inner"/>
    <xsl:param name="strict" select="true()"/>
    <xsl:choose>
      <xsl:when test="contains($outer, ':') and contains($inner, ':')">
        <xsl:call-template name="eg:covers6">
          <xsl:with-param name="outer" select="$outer"/>
          <xsl:with-param name="inner" select="$inner"/>
          <xsl:with-param name="strict" select="$strict"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="not(contains($outer, ':')) and not(contains($inner, ':'))">
        <xsl:call-template name="eg:covers4">
          <xsl:with-param name="outer" select="$outer"/>
          <xsl:with-param name="inner" select="$inner"/>
          <xsl:with-param name="strict" select="$strict"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="eg:covers4">
    <xsl:param name="outer"/>
    <xsl:param name="inner"/>
    <xsl:param name="strict"/>
    <!-- A bare address is a host prefix. -->
    <xsl:variable name="o" select="concat($outer, substring('/32', 1, 3 * not(contains($outer, '/'))))"/>
    <xsl:variable name="i" select="concat($inner, substring('/32', 1, 3 * not(contains($inner, '/'))))"/>
    <xsl:variable name="olen" select="number(substring-after($o, '/'))"/>
    <xsl:variable name="ilen" select="number(substring-after($i, '/'))"/>
    <xsl:if test="$olen &gt;= 0 and $olen &lt;= 32 and $ilen &gt;= 0 and $ilen &lt;= 32
                  and ($olen &lt; $ilen or (not($strict) and $olen = $ilen))">
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

  <!-- ============================================================ IPv6 prefixes -->

  <!-- The groups of a colon-separated list, each padded to four lowercase hex digits. -->
  <xsl:template name="eg:ip6-groups">
    <xsl:param name="list"/>
    <xsl:if test="string($list)">
      <xsl:variable name="g" select="substring-before(concat($list, ':'), ':')"/>
      <xsl:value-of select="substring(concat('0000', translate($g, 'ABCDEF', 'abcdef')),
                                      string-length($g) + 1, 4)"/>
      <xsl:call-template name="eg:ip6-groups">
        <xsl:with-param name="list" select="substring-after($list, ':')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- n groups of zeros. -->
  <xsl:template name="eg:ip6-zeros">
    <xsl:param name="n"/>
    <xsl:if test="$n &gt; 0">
      <xsl:text>0000</xsl:text>
      <xsl:call-template name="eg:ip6-zeros">
        <xsl:with-param name="n" select="$n - 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- "2001:db8::1" -> its 32 hex digits, '::' expanded. -->
  <xsl:template name="eg:ip6-hex">
    <xsl:param name="ip"/>
    <xsl:choose>
      <xsl:when test="contains($ip, '::')">
        <xsl:variable name="head" select="substring-before($ip, '::')"/>
        <xsl:variable name="tail" select="substring-after($ip, '::')"/>
        <xsl:variable name="nh" select="(string-length($head) - string-length(translate($head, ':', '')) + 1)
                                        * number(boolean(string($head)))"/>
        <xsl:variable name="nt" select="(string-length($tail) - string-length(translate($tail, ':', '')) + 1)
                                        * number(boolean(string($tail)))"/>
        <xsl:call-template name="eg:ip6-groups">
          <xsl:with-param name="list" select="$head"/>
        </xsl:call-template>
        <xsl:call-template name="eg:ip6-zeros">
          <xsl:with-param name="n" select="8 - $nh - $nt"/>
        </xsl:call-template>
        <xsl:call-template name="eg:ip6-groups">
          <xsl:with-param name="list" select="$tail"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="eg:ip6-groups">
          <xsl:with-param name="list" select="$ip"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- As eg:covers4 for IPv6: the first olen bits, whole hex digits then the rest. -->
  <xsl:template name="eg:covers6">
    <xsl:param name="outer"/>
    <xsl:param name="inner"/>
    <xsl:param name="strict"/>
    <xsl:variable name="o" select="concat($outer, substring('/128', 1, 4 * not(contains($outer, '/'))))"/>
    <xsl:variable name="i" select="concat($inner, substring('/128', 1, 4 * not(contains($inner, '/'))))"/>
    <xsl:variable name="olen" select="number(substring-after($o, '/'))"/>
    <xsl:variable name="ilen" select="number(substring-after($i, '/'))"/>
    <xsl:if test="$olen &gt;= 0 and $olen &lt;= 128 and $ilen &gt;= 0 and $ilen &lt;= 128
                  and ($olen &lt; $ilen or (not($strict) and $olen = $ilen))">
      <xsl:variable name="oa">
        <xsl:call-template name="eg:ip6-hex">
          <xsl:with-param name="ip" select="substring-before($o, '/')"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="ia">
        <xsl:call-template name="eg:ip6-hex">
          <xsl:with-param name="ip" select="substring-before($i, '/')"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="whole" select="floor($olen div 4)"/>
      <xsl:variable name="block">
        <xsl:call-template name="eg:pow2">
          <xsl:with-param name="n" select="4 - ($olen mod 4)"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="hex" select="'0123456789abcdef'"/>
      <xsl:variable name="od" select="string-length(substring-before($hex, substring($oa, $whole + 1, 1)))"/>
      <xsl:variable name="id" select="string-length(substring-before($hex, substring($ia, $whole + 1, 1)))"/>
      <xsl:if test="string-length($oa) = 32 and string-length($ia) = 32
                    and substring($oa, 1, $whole) = substring($ia, 1, $whole)
                    and ($olen mod 4 = 0 or floor($od div $block) = floor($id div $block))">1</xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- First prefix of the space-separated list that strictly covers prefix, or "". -->
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

  <!--
    First prefix E of the list that prefix covers (or equals) while maxlen
    exceeds E's length: a filter on prefix up to maxlen could let routes
    more specific than E through.  "" when none.
  -->
  <xsl:template name="eg:first-covered">
    <xsl:param name="prefix"/>
    <xsl:param name="maxlen"/>
    <xsl:param name="list"/>
    <xsl:variable name="rest" select="normalize-space($list)"/>
    <xsl:if test="$rest">
      <xsl:variable name="head" select="substring-before(concat($rest, ' '), ' ')"/>
      <xsl:variable name="hit">
        <xsl:if test="number($maxlen) &gt; number(substring-after($head, '/'))">
          <xsl:call-template name="eg:covers">
            <xsl:with-param name="outer" select="$prefix"/>
            <xsl:with-param name="inner" select="$head"/>
            <xsl:with-param name="strict" select="false()"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="$hit = '1'"><xsl:value-of select="$head"/></xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="eg:first-covered">
            <xsl:with-param name="prefix" select="$prefix"/>
            <xsl:with-param name="maxlen" select="$maxlen"/>
            <xsl:with-param name="list" select="substring-after($rest, ' ')"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
