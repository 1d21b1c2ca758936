<?xml version="1.0"?>
<!--
  verdicts.xsl - reduce a commit script's <commit-script-results> to the
  erguard verdicts it implies, one "CHECK fail INSTANCE" line each, so that
  run-tests.sh can compare them with a case's expected-erguard.txt.

  An xnm:error fails its check.  So does a warning announcing a transient
  change: the fix lives only in the box's checkout configuration, while the
  committed configuration erguard reads still lacks it.  Other warnings do
  not change a verdict.  The check ID is the message's first word and the
  instance follows "instance " in it (see erguard-commit.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xnm="http://xml.juniper.net/xnm/1.1/xnm">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//xnm:error | //xnm:warning[contains(message, 'as a transient change')]">
      <xsl:variable name="m" select="normalize-space(message)"/>
      <xsl:value-of select="substring-before($m, ': ')"/>
      <xsl:text> fail </xsl:text>
      <xsl:value-of select="translate(substring-before(substring-after($m, ': instance '), ' '), ':', '')"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
