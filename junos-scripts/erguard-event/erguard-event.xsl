<?xml version="1.0" standalone="yes"?>
<!--
  erguard-event.xsl - event script: record, with the box's own clock, every
  BGP peer and BFD session state change of one routing instance, so that a
  failover's detection and convergence can be read afterwards (erguard
  drill reads these lines).

  POLICY.  An event policy per routing instance (printed by
  "erguard junos-scripts") runs this script on RPD_BGP_NEIGHBOR_STATE_CHANGED
  and BFDD_TRAP_{SHOP,MHOP}_STATE_{UP,DOWN}, with the arguments
  "instance NAME" and "peers 'A B ...'" (the instance's BGP peers).  The
  script keeps an event when:
    BGP  the message names the instance "(instance NAME)", or names no
         instance and the peer is one of the peers;
    BFD  the peer address is one of the peers (BFD events name no instance).
  For each kept event it writes one line to syslog (facility external,
  severity notice; the "erguard-events" syslog file keeps only these) and
  to the script's output:

    ERGUARD_EVENT time="2024-05-02 10:15:03 UTC" host=SEA-MX03-01
      instance=Cust11 kind=bgp peer=192.168.11.18 from=Established to=Idle
      reason=HoldTime id=RPD_BGP_NEIGHBOR_STATE_CHANGED

  (one line; "seconds=N" follows time when the event carries junos:seconds;
  BFD lines have kind=bfd, to=up|down and interface=IFL).  Values are
  single words except time, which is quoted.  Unrelated events print
  nothing.  The formatting lives in the eg:event-line template, tested off
  the box; the match "/" wrapper only logs.
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
  <xsl:param name="peers"/>

  <xsl:template match="/">
    <xsl:variable name="line">
      <xsl:call-template name="eg:event-line">
        <xsl:with-param name="event" select="event-script-input/trigger-event"/>
        <xsl:with-param name="instance" select="$instance"/>
        <xsl:with-param name="peers" select="$peers"/>
      </xsl:call-template>
    </xsl:variable>
    <event-script-results>
      <xsl:if test="string($line)">
        <xsl:value-of select="jcs:syslog('external.notice', string($line))"/>
        <output><xsl:value-of select="$line"/></output>
      </xsl:if>
    </event-script-results>
  </xsl:template>

  <!--
    The line for one event (a trigger-event or received-event element), or
    "" when the event is not about this instance.
  -->
  <xsl:template name="eg:event-line">
    <xsl:param name="event"/>
    <xsl:param name="instance"/>
    <xsl:param name="peers"/>
    <xsl:variable name="id" select="normalize-space($event/id)"/>
    <xsl:variable name="msg" select="normalize-space($event/message)"/>
    <xsl:variable name="set" select="concat(' ', normalize-space($peers), ' ')"/>
    <xsl:variable name="head">
      <xsl:value-of select="concat('ERGUARD_EVENT time=&quot;', normalize-space($event/generation-time), '&quot;')"/>
      <xsl:if test="$event/generation-time/@*[local-name() = 'seconds']">
        <xsl:value-of select="concat(' seconds=', normalize-space($event/generation-time/@*[local-name() = 'seconds']))"/>
      </xsl:if>
      <xsl:value-of select="concat(' host=', normalize-space($event/hostname))"/>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$id = 'RPD_BGP_NEIGHBOR_STATE_CHANGED'">
        <!-- "BGP peer P (External AS N) changed state from A to B (event E) (instance I)" -->
        <xsl:variable name="peer" select="substring-before(concat(substring-after($msg, 'BGP peer '), ' '), ' ')"/>
        <xsl:variable name="from" select="substring-before(substring-after($msg, 'changed state from '), ' to ')"/>
        <xsl:variable name="to"
            select="substring-before(concat(substring-after($msg, concat('changed state from ', $from, ' to ')), ' '), ' ')"/>
        <xsl:variable name="reason" select="substring-before(substring-after($msg, '(event '), ')')"/>
        <xsl:variable name="inst" select="substring-before(substring-after($msg, '(instance '), ')')"/>
        <xsl:if test="$peer and (($inst and $inst = $instance)
                                 or (not($inst) and contains($set, concat(' ', $peer, ' '))))">
          <xsl:value-of select="concat($head, ' instance=', $instance, ' kind=bgp peer=', $peer,
                                       ' from=', $from, ' to=', $to)"/>
          <xsl:if test="$reason">
            <xsl:value-of select="concat(' reason=', translate($reason, ' ', '_'))"/>
          </xsl:if>
          <xsl:value-of select="concat(' id=', $id)"/>
        </xsl:if>
      </xsl:when>
      <xsl:when test="starts-with($id, 'BFDD_TRAP_SHOP_STATE_') or starts-with($id, 'BFDD_TRAP_MHOP_STATE_')">
        <!-- "local discriminator: 46, new state: down, interface: ae0.11, peer addr: 192.168.11.18" -->
        <xsl:variable name="peer" select="substring-before(concat(substring-after($msg, 'peer addr: '), ' '), ' ')"/>
        <xsl:variable name="state" select="substring-before(substring-after($msg, 'new state: '), ',')"/>
        <xsl:variable name="ifl" select="substring-before(substring-after($msg, 'interface: '), ',')"/>
        <xsl:if test="$peer and contains($set, concat(' ', $peer, ' '))">
          <xsl:value-of select="concat($head, ' instance=', $instance, ' kind=bfd peer=', $peer, ' to=')"/>
          <xsl:choose>
            <xsl:when test="$state"><xsl:value-of select="$state"/></xsl:when>
            <xsl:when test="substring($id, string-length($id) - 2) = '_UP'">up</xsl:when>
            <xsl:otherwise>down</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="$ifl">
            <xsl:value-of select="concat(' interface=', $ifl)"/>
          </xsl:if>
          <xsl:value-of select="concat(' id=', $id)"/>
        </xsl:if>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
