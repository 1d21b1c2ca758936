<?xml version="1.0"?>
<!--
  test-erguard-check.xsl - runs erguard-check.xsl's judges off the box.

  Input: a case.xml listing judges to run, each with its replies (files of
  the case directory holding what the box answers, <rpc-reply> as "| display
  xml" shows it) and its parameters:

    <case>
      <judge name="active-path">
        <reply param="rib" file="rib.xml"/>
        <param name="azure">10.17.11.0/25 10.17.11.128/26</param>
      </judge>
    </case>

  Output: the judges' report lines, as the op script prints them.  The
  jcs:invoke wrapper is never run here; it only fetches.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:eg="urn:erguard:junos-scripts"
    xmlns:test="urn:erguard:junos-scripts:test"
    exclude-result-prefixes="eg test">

  <xsl:import href="erguard-check.xsl"/>
  <xsl:output method="text"/>

  <xsl:template match="/">
    <xsl:for-each select="case/judge">
      <xsl:call-template name="test:judge"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Context: one judge element. -->
  <xsl:template name="test:judge">
    <xsl:variable name="r1" select="document(reply[1]/@file, .)/*"/>
    <xsl:variable name="r2" select="document(reply[2]/@file, .)/*"/>
    <xsl:variable name="p" select="param"/>
    <xsl:choose>
      <xsl:when test="@name = 'bgp-sessions'">
        <xsl:call-template name="eg:judge-bgp-sessions">
          <xsl:with-param name="summary" select="$r1"/>
          <xsl:with-param name="peers" select="$p[@name = 'peers']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'bfd-state'">
        <xsl:call-template name="eg:judge-bfd-state">
          <xsl:with-param name="bfd" select="$r1"/>
          <xsl:with-param name="peers" select="$p[@name = 'peers']"/>
          <xsl:with-param name="interval" select="$p[@name = 'interval']"/>
          <xsl:with-param name="multiplier" select="$p[@name = 'multiplier']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'er-adv-coverage' or @name = 'vpn-adv-coverage'">
        <xsl:call-template name="eg:judge-adv-coverage">
          <xsl:with-param name="check" select="string(@name)"/>
          <xsl:with-param name="adv" select="$r1"/>
          <xsl:with-param name="peer" select="string($p[@name = 'peer'])"/>
          <xsl:with-param name="prefixes" select="$p[@name = 'prefixes']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'vpn-no-more-specific'">
        <xsl:call-template name="eg:judge-vpn-no-more-specific">
          <xsl:with-param name="adv" select="$r1"/>
          <xsl:with-param name="peer" select="string($p[@name = 'peer'])"/>
          <xsl:with-param name="expressroute" select="$p[@name = 'expressroute']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'vpn-adv-symmetry'">
        <xsl:call-template name="eg:judge-vpn-adv-symmetry">
          <xsl:with-param name="a" select="$r1"/>
          <xsl:with-param name="a-peer" select="string($p[@name = 'a-peer'])"/>
          <xsl:with-param name="b" select="$r2"/>
          <xsl:with-param name="b-peer" select="string($p[@name = 'b-peer'])"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'vpn-recv'">
        <xsl:call-template name="eg:judge-vpn-recv">
          <xsl:with-param name="recv" select="$r1"/>
          <xsl:with-param name="peer" select="string($p[@name = 'peer'])"/>
          <xsl:with-param name="azure" select="$p[@name = 'azure']"/>
          <xsl:with-param name="azure-as" select="$p[@name = 'azure-as']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'active-path'">
        <xsl:call-template name="eg:judge-active-path">
          <xsl:with-param name="rib" select="$r1"/>
          <xsl:with-param name="azure" select="$p[@name = 'azure']"/>
          <xsl:with-param name="microsoft-as" select="$p[@name = 'microsoft-as']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'backup-ready'">
        <xsl:call-template name="eg:judge-backup-ready">
          <xsl:with-param name="rib" select="$r1"/>
          <xsl:with-param name="azure" select="$p[@name = 'azure']"/>
          <xsl:with-param name="vpn-peers" select="$p[@name = 'vpn-peers']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@name = 'lp-rib'">
        <xsl:call-template name="eg:judge-lp-rib">
          <xsl:with-param name="rib" select="$r1"/>
          <xsl:with-param name="azure" select="$p[@name = 'azure']"/>
          <xsl:with-param name="vpn-peers" select="$p[@name = 'vpn-peers']"/>
          <xsl:with-param name="microsoft-as" select="$p[@name = 'microsoft-as']"/>
          <xsl:with-param name="local-preference" select="$p[@name = 'local-preference']"/>
          <xsl:with-param name="vpn-local-preference" select="$p[@name = 'vpn-local-preference']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('unknown judge ', @name, '&#10;')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
