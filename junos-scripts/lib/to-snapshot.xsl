<?xml version="1.0"?>
<!--
  to-snapshot.xsl - turn a commit-script case's <commit-script-input> into
  the reply erguard reads offline: <rpc-reply><configuration>...</rpc-reply>,
  as "show configuration | display xml" prints it.  Saved as
  DIR/DEVICE/show_configuration.xml (DEVICE from the case's
  expected-erguard.txt), it lets an offline erguard check of DIR judge the same
  configuration the commit script judged, so both verdicts can be compared
  with expected-erguard.txt.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="no"/>
  <xsl:template match="/">
    <rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.4R0/junos">
      <xsl:copy-of select="commit-script-input/configuration"/>
    </rpc-reply>
  </xsl:template>
</xsl:stylesheet>
