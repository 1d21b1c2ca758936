<?xml version="1.0"?>
<!--
  test-erguard-event.xsl - runs erguard-event.xsl's line formatting off the
  box: for an <event-script-input>, the line of the trigger event and of
  every received event, "-" for an event the script ignores.  Takes the
  same instance and peers parameters as the script.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:eg="urn:erguard:junos-scripts"
    exclude-result-prefixes="eg">

  <xsl:import href="erguard-event.xsl"/>
  <xsl:output method="text"/>

  <xsl:template match="/">
    <xsl:for-each select="event-script-input/trigger-event | event-script-input/received-events/received-event">
      <xsl:variable name="line">
        <xsl:call-template name="eg:event-line">
          <xsl:with-param name="event" select="."/>
          <xsl:with-param name="instance" select="$instance"/>
          <xsl:with-param name="peers" select="$peers"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="string($line)"><xsl:value-of select="$line"/></xsl:when>
        <xsl:otherwise>-</xsl:otherwise>
      </xsl:choose>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
