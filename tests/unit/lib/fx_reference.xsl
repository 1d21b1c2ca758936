<?xml version="1.0" encoding="UTF-8"?>
<!--
  fx_reference.xsl - the reference design as C constants for the check
  fixture: applied by make to yang/default-intent.xml (the built-in
  intent), it writes BUILD/gen/fx_reference.h, so that the fixture and the
  tables of cases name the design's values without repeating them.  Names
  come from the first service: its first and second ExpressRoute links,
  its VPN and its first and second VPN peers.  FX_AS_* are ASNs as AS
  paths print them, FX_ASN_* the same as numbers.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:i="urn:erguard:intent">
  <xsl:output method="text"/>

  <xsl:template name="str">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:value-of select="concat('#define ', $name, ' &quot;', normalize-space($value), '&quot;&#10;')"/>
  </xsl:template>

  <xsl:template name="num">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:value-of select="concat('#define ', $name, ' ', normalize-space($value), '&#10;')"/>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="s" select="i:intent/i:service[1]"/>
    <xsl:variable name="l1" select="$s/i:expressroute/i:link[1]"/>
    <xsl:variable name="l2" select="$s/i:expressroute/i:link[2]"/>
    <xsl:variable name="vpn" select="$s/i:vpn"/>
    <xsl:text>/* Generated from yang/default-intent.xml by tests/unit/lib/fx_reference.xsl. */
#ifndef FX_REFERENCE_H
#define FX_REFERENCE_H

</xsl:text>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_CE1</xsl:with-param><xsl:with-param name="value" select="$l1/i:ce"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_CE2</xsl:with-param><xsl:with-param name="value" select="$l2/i:ce"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_FW</xsl:with-param><xsl:with-param name="value" select="$vpn/i:firewall"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_INST</xsl:with-param><xsl:with-param name="value" select="$s/i:instance"/></xsl:call-template>
    <!-- the customer number: the digits of the instance name, in unit names -->
    <xsl:call-template name="str"><xsl:with-param name="name">FX_CUST</xsl:with-param><xsl:with-param name="value" select="translate($s/i:instance, translate($s/i:instance, '0123456789', ''), '')"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_TABLE</xsl:with-param><xsl:with-param name="value" select="$s/i:table"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_ONPREM</xsl:with-param><xsl:with-param name="value" select="$s/i:onprem-prefix[1]"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_HUB</xsl:with-param><xsl:with-param name="value" select="$s/i:azure-prefix[1]"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_SPOKE</xsl:with-param><xsl:with-param name="value" select="$s/i:azure-prefix[2]"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_MSEE1</xsl:with-param><xsl:with-param name="value" select="$l1/i:msee-peer"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_MSEE2</xsl:with-param><xsl:with-param name="value" select="$l2/i:msee-peer"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_CE1_ADDR</xsl:with-param><xsl:with-param name="value" select="$l1/i:ce-address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_CE2_ADDR</xsl:with-param><xsl:with-param name="value" select="$l2/i:ce-address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_FW1_ADDR</xsl:with-param><xsl:with-param name="value" select="$l1/i:firewall-address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_FW2_ADDR</xsl:with-param><xsl:with-param name="value" select="$l2/i:firewall-address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_EBGP</xsl:with-param><xsl:with-param name="value" select="$l1/i:ebgp-group"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_IBGP</xsl:with-param><xsl:with-param name="value" select="$l1/i:ibgp-group"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_LP</xsl:with-param><xsl:with-param name="value" select="$l1/i:local-preference"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_VPN1</xsl:with-param><xsl:with-param name="value" select="$vpn/i:peer[1]/i:address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_VPN2</xsl:with-param><xsl:with-param name="value" select="$vpn/i:peer[2]/i:address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_TUN1</xsl:with-param><xsl:with-param name="value" select="$vpn/i:peer[1]/i:tunnel"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_TUN2</xsl:with-param><xsl:with-param name="value" select="$vpn/i:peer[2]/i:tunnel"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_VPN_LOCAL</xsl:with-param><xsl:with-param name="value" select="$vpn/i:local-address"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_VPN_GROUP</xsl:with-param><xsl:with-param name="value" select="$vpn/i:ebgp-group"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_VPN_LP</xsl:with-param><xsl:with-param name="value" select="$vpn/i:local-preference"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_AS_ONPREM</xsl:with-param><xsl:with-param name="value" select="$s/i:asn/i:onprem"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_AS_MS</xsl:with-param><xsl:with-param name="value" select="$s/i:asn/i:microsoft"/></xsl:call-template>
    <xsl:call-template name="str"><xsl:with-param name="name">FX_AS_AZURE</xsl:with-param><xsl:with-param name="value" select="$s/i:asn/i:azure"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_ASN_ONPREM</xsl:with-param><xsl:with-param name="value" select="$s/i:asn/i:onprem"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_ASN_MS</xsl:with-param><xsl:with-param name="value" select="$s/i:asn/i:microsoft"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_ASN_AZURE</xsl:with-param><xsl:with-param name="value" select="$s/i:asn/i:azure"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_BFD_MS</xsl:with-param><xsl:with-param name="value" select="$s/i:bfd/i:minimum-interval"/></xsl:call-template>
    <xsl:call-template name="num"><xsl:with-param name="name">FX_BFD_MULT</xsl:with-param><xsl:with-param name="value" select="$s/i:bfd/i:multiplier"/></xsl:call-template>
    <xsl:text>
#endif
</xsl:text>
  </xsl:template>
</xsl:stylesheet>
