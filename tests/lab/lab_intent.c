/*
 * lab_intent.c - writes the erguard intent of a running lab (see
 * lab_intent.h): the devices as the lab serves them, and per trio the
 * reference design with its customer number.
 */
#include "lab_intent.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
lab_intent_device(FILE *f, const struct lab_intent_dev *d, const char *user, const char *identity,
		  const char *known_hosts)
{
	fputs("  <device>\n    <name>", f);
	eg_xml_escape_fputs(f, d->name, 0);
	fprintf(f, "</name>\n    <role>%s</role>\n    <host>127.0.0.1</host>\n    <port>%d</port>\n",
		d->role, d->port);
	fputs("    <user>", f);
	eg_xml_escape_fputs(f, user, 0);
	fputs("</user>\n    <transport>ssh</transport>\n    <ssh>\n      <identity-file>", f);
	eg_xml_escape_fputs(f, identity, 0);
	fputs("</identity-file>\n      <known-hosts>", f);
	eg_xml_escape_fputs(f, known_hosts, 0);
	fputs("</known-hosts>\n      <strict-host-key>true</strict-host-key>\n    </ssh>\n  </device>\n", f);
}

/* The reference design for customer n, with its three devices. */
static void
lab_intent_service(FILE *f, int n, const char *ce1, const char *ce2, const char *fw)
{
	fprintf(f,
		"  <service>\n"
		"    <name>Cust%d</name>\n"
		"    <instance>Cust%d</instance>\n"
		"    <table>Cust%d.inet.0</table>\n"
		"    <onprem-prefix>10.1.%d.0/25</onprem-prefix>\n"
		"    <azure-prefix>10.17.%d.0/25</azure-prefix>\n"
		"    <azure-prefix>10.17.%d.128/26</azure-prefix>\n"
		"    <test-hosts>\n      <onprem>10.1.%d.10</onprem>\n      <azure>10.17.%d.132</azure>\n    </test-hosts>\n"
		"    <asn>\n      <onprem>65020</onprem>\n      <microsoft>12076</microsoft>\n      <azure>65515</azure>\n    </asn>\n"
		"    <expressroute>\n",
		n, n, n, n, n, n, n, n);
	for (int i = 0; i < 2; i++) {
		fprintf(f, "      <link>\n        <name>%s</name>\n        <ce>", i ? "secondary" : "primary");
		eg_xml_escape_fputs(f, i ? ce2 : ce1, 0);
		fprintf(f,
			"</ce>\n"
			"        <msee-peer>192.168.%d.%d</msee-peer>\n"
			"        <p2p-subnet>192.168.%d.%d/30</p2p-subnet>\n"
			"        <ebgp-group>ebgp</ebgp-group>\n"
			"        <ibgp-group>ibgp</ibgp-group>\n"
			"        <local-preference>150</local-preference>\n"
			"        <ce-address>192.168.%d.%d</ce-address>\n"
			"        <firewall-address>192.168.%d.%d</firewall-address>\n"
			"      </link>\n",
			n, i ? 22 : 18, n, i ? 20 : 16, n, i ? 2 : 0, n, i ? 3 : 1);
	}
	fputs("    </expressroute>\n    <vpn>\n      <firewall>", f);
	eg_xml_escape_fputs(f, fw, 0);
	fprintf(f,
		"</firewall>\n"
		"      <peer>\n        <address>10.17.%d.76</address>\n        <tunnel>st0.%d8</tunnel>\n      </peer>\n"
		"      <peer>\n        <address>10.17.%d.77</address>\n        <tunnel>st0.%d9</tunnel>\n      </peer>\n"
		"      <local-address>192.168.%d.88</local-address>\n"
		"      <ebgp-group>vpn</ebgp-group>\n"
		"      <local-preference>100</local-preference>\n"
		"    </vpn>\n"
		"    <bfd>\n      <minimum-interval>300</minimum-interval>\n      <multiplier>3</multiplier>\n    </bfd>\n"
		"    <prefix-budget>\n      <sku>standard</sku>\n      <expressroute-limit>4000</expressroute-limit>\n"
		"      <vpn-limit>4000</vpn-limit>\n      <warn-percent>80</warn-percent>\n    </prefix-budget>\n"
		"    <max-convergence>10</max-convergence>\n"
		"  </service>\n",
		n, n, n, n, n);
}

int
lab_intent_write(const char *path, const struct lab_intent_dev *devs, size_t n, const char *user,
		 const char *identity, const char *known_hosts, char *err, size_t errlen)
{
	char tmp[4200];
	const char **ces = calloc(n + 1, sizeof(char *)), **fws = calloc(n + 1, sizeof(char *));
	size_t nce = 0, nfw = 0;
	FILE *f = NULL;
	int rc = -1;

	if (ces == NULL || fws == NULL) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(devs[i].role, "firewall") == 0)
			fws[nfw++] = devs[i].name;
		else
			ces[nce++] = devs[i].name;
	}
	if (nfw == 0 || nce != 2 * nfw) {
		snprintf(err, errlen, "the lab's devices are not CE/CE/firewall trios (%zu CEs, %zu firewalls)",
			 nce, nfw);
		goto cleanup;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto cleanup;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<!-- The intent of this Junos lab (written by erguard-lab up): the reference\n"
	      "     design per customer, devices reached over SSH on 127.0.0.1. -->\n"
	      "<intent xmlns=\"urn:erguard:intent\">\n", f);
	for (size_t i = 0; i < n; i++)
		lab_intent_device(f, &devs[i], user, identity, known_hosts);
	for (size_t t = 0; t < nfw; t++)
		lab_intent_service(f, 11 + (int)t, ces[2 * t], ces[2 * t + 1], fws[t]);
	fputs("</intent>\n", f);
	if (fclose(f) != 0) {
		f = NULL;
		snprintf(err, errlen, "%s: write failed", tmp);
		unlink(tmp);
		goto cleanup;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (f != NULL)
		fclose(f);
	free(ces);
	free(fws);
	return rc;
}
