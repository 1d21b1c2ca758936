/*
 * lab_fault.c - a lab device's injectable faults, kept in
 * DIR/devices/<NAME>/faults so that every session of the device sees them
 * (see lab_fault.h).
 */
#include "lab_fault.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/types.h>
#include <unistd.h>

#include "lab_cfgdb.h"
#include "lab_sshd.h"

#define LAB_FAULT_LATENCY_MAX_MS 10000	/* as the relay's --rtt */

static const char *const lab_fault_kinds[] = {
	"drop-after", "delay", "rpc-error", "malformed", "truncate", "replay", "lock", "auth-refuse", "hostkey",
	"latency", NULL
};

static bool
lab_fault_in_kinds(const char *kind)
{
	for (size_t i = 0; lab_fault_kinds[i] != NULL; i++)
		if (strcmp(lab_fault_kinds[i], kind) == 0)
			return true;
	return false;
}

static void
lab_fault_file(const char *dir, const char *device, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/devices/%s/%s", dir, device, name);
}

static bool
lab_fault_rpc_matches(const char *want, const char *rpc)
{
	size_t n;

	if (want[0] == '\0' || strcmp(want, "*") == 0)
		return true;
	if (rpc == NULL)
		return false;
	/* "NAME" matches every shape of the RPC, "NAME[CHILD,...]" only that one */
	n = strlen(want);
	return strncmp(want, rpc, n) == 0 && (rpc[n] == '\0' || (rpc[n] == '[' && strchr(want, '[') == NULL));
}

void
lab_fault_rpc_key(const char *name, const char *const *children, size_t n, char *key, size_t keylen)
{
	size_t off = (size_t)snprintf(key, keylen, "%s[", name);

	for (size_t i = 0; i < n && off < keylen; i++)
		off += (size_t)snprintf(key + off, keylen - off, "%s%s", i ? "," : "", children[i]);
	if (off < keylen)
		snprintf(key + off, keylen - off, "]");
}

int
lab_fault_lookup(const char *dir, const char *device, const char *rpc, struct lab_fault_hit *hit)
{
	char path[4200], line[1024];
	FILE *f;

	memset(hit, 0, sizeof(*hit));
	hit->drop_after = -1;
	lab_fault_file(dir, device, "faults", path, sizeof(path));
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		char kind[32] = "", a[256] = "", b[256] = "";
		int off = 0;
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%31s %n", kind, &off) < 1)
			continue;
		if (strcmp(kind, "drop-after") == 0 || strcmp(kind, "delay") == 0) {
			sscanf(line + off, "%255s %255s", a, b);
			if (!lab_fault_rpc_matches(b, rpc))
				continue;
			if (kind[1] == 'r')
				hit->drop_after = atol(a);
			else
				hit->delay_s = strtod(a, NULL);
		} else if (strcmp(kind, "rpc-error") == 0) {
			int off2 = 0;
			sscanf(line + off, "%255s %n", a, &off2);
			if (lab_fault_rpc_matches(a, rpc))
				snprintf(hit->error, sizeof(hit->error), "%s",
					 off2 > 0 && line[off + off2] ? line + off + off2
									: "error injected by the lab");
		} else if (strcmp(kind, "replay") == 0) {
			sscanf(line + off, "%255s %255s", a, b);
			if (lab_fault_rpc_matches(b, rpc))
				snprintf(hit->replay, sizeof(hit->replay), "%s", a);
		} else if (strcmp(kind, "malformed") == 0 || strcmp(kind, "truncate") == 0) {
			sscanf(line + off, "%255s", a);
			if (!lab_fault_rpc_matches(a, rpc))
				continue;
			if (kind[0] == 'm')
				hit->malformed = true;
			else
				hit->truncate = true;
		}
	}
	fclose(f);
	return 0;
}

int
lab_fault_latency(const char *dir, const char *device, int *ms)
{
	char path[4200], line[1024];
	int found = 0, v;
	FILE *f;

	lab_fault_file(dir, device, "faults", path, sizeof(path));
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "latency %d", &v) == 1 && v >= 0) {
			*ms = v;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* Rewrite the faults file without lines of kind (NULL: all); then add line (NULL: none). */
static int
lab_fault_rewrite(const char *dir, const char *device, const char *kind, const char *line,
		  char *err, size_t errlen)
{
	char path[4200], tmp[4300], buf[1024];
	FILE *in, *out;

	lab_fault_file(dir, device, "faults", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if ((out = fopen(tmp, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if ((in = fopen(path, "r")) != NULL) {
		while (fgets(buf, sizeof(buf), in) != NULL) {
			size_t kl = kind ? strlen(kind) : 0;
			if (kind == NULL)
				continue;
			if (strncmp(buf, kind, kl) == 0 && (buf[kl] == ' ' || buf[kl] == '\n'))
				continue;
			fputs(buf, out);
		}
		fclose(in);
	}
	if (line != NULL)
		fprintf(out, "%s\n", line);
	if (fclose(out) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot write", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

static bool
lab_fault_has(const char *dir, const char *device, const char *kind)
{
	char path[4200], buf[1024];
	size_t kl = strlen(kind);
	bool found = false;
	FILE *f;

	lab_fault_file(dir, device, "faults", path, sizeof(path));
	if ((f = fopen(path, "r")) == NULL)
		return false;
	while (!found && fgets(buf, sizeof(buf), f) != NULL)
		found = strncmp(buf, kind, kl) == 0 && (buf[kl] == ' ' || buf[kl] == '\n');
	fclose(f);
	return found;
}

int
lab_fault_restart_sshd(const char *dir, const char *device, char *err, size_t errlen)
{
	char path[4200];
	long oldpid = 0;
	int port = 0;
	pid_t pid;
	FILE *f;

	lab_fault_file(dir, device, "sshd.port", path, sizeof(path));
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%d", &port) != 1)
			port = 0;
		fclose(f);
	}
	lab_fault_file(dir, device, "sshd.pid", path, sizeof(path));
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &oldpid) != 1)
			oldpid = 0;
		fclose(f);
	}
	if (port <= 0) {
		snprintf(err, errlen, "%s: the lab is not up (no sshd port)", device);
		return -1;
	}
	/* the listener only: sessions already open keep their old key */
	if (oldpid > 0) {
		kill((pid_t)oldpid, SIGTERM);
		for (int i = 0; i < 200 && lab_sshd_port_open(port); i++)
			usleep(10000);
	}
	return lab_sshd_start(dir, device, port, 10000, &pid, err, errlen);
}

/* Swap a file for its saved copy (restore) or save it and put other in place. */
static int
lab_fault_auth(const char *dir, const char *device, bool clear, char *err, size_t errlen)
{
	char keys[4200], saved[4300];
	FILE *f;

	lab_fault_file(dir, device, "authorized_keys", keys, sizeof(keys));
	snprintf(saved, sizeof(saved), "%s.saved", keys);
	if (clear) {
		if (access(saved, F_OK) == 0 && rename(saved, keys) != 0) {
			snprintf(err, errlen, "%s: %s", keys, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (access(saved, F_OK) != 0 && rename(keys, saved) != 0) {
		snprintf(err, errlen, "%s: %s", keys, strerror(errno));
		return -1;
	}
	if ((f = fopen(keys, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", keys, strerror(errno));
		return -1;
	}
	fputs("# every key refused (erguard-lab fault auth-refuse)\n", f);
	fclose(f);
	return 0;
}

static int
lab_fault_hostkey(const char *dir, const char *device, bool clear, char *err, size_t errlen)
{
	char key[4200], saved[4300], pub[4300], savedpub[4400];

	lab_fault_file(dir, device, "ssh_host_ed25519_key", key, sizeof(key));
	snprintf(saved, sizeof(saved), "%s.saved", key);
	snprintf(pub, sizeof(pub), "%s.pub", key);
	snprintf(savedpub, sizeof(savedpub), "%s.pub.saved", key);
	if (clear) {
		if (access(saved, F_OK) != 0)
			return 0;
		if (rename(saved, key) != 0 || rename(savedpub, pub) != 0) {
			snprintf(err, errlen, "%s: %s", key, strerror(errno));
			return -1;
		}
	} else {
		if (access(saved, F_OK) != 0 && (rename(key, saved) != 0 || rename(pub, savedpub) != 0)) {
			snprintf(err, errlen, "%s: %s", key, strerror(errno));
			return -1;
		}
		if (lab_sshd_keygen(key, device, err, errlen) != 0)
			return -1;
	}
	return lab_fault_restart_sshd(dir, device, err, errlen);
}

static int
lab_fault_lock(const char *dir, const char *device, const char *user, bool clear, char *err,
	       size_t errlen)
{
	struct lab_cfgdb *db = NULL;
	int rc = -1;

	if (lab_cfgdb_open(dir, device, "root", &db, err, errlen) != 0)
		return -1;
	if (lab_cfgdb_begin(db, err, errlen) != 0)
		goto cleanup;
	rc = lab_cfgdb_fake_lock(db, user, clear);
	if (rc != 0)
		snprintf(err, errlen, "%s: cannot write the lock state", device);
	lab_cfgdb_end(db);
cleanup:
	lab_cfgdb_free(db);
	return rc;
}

static int
lab_fault_clear(const char *dir, const char *device, const char *kind, char *err, size_t errlen)
{
	if ((kind == NULL || strcmp(kind, "lock") == 0) &&
	    lab_fault_lock(dir, device, NULL, true, err, errlen) != 0)
		return -1;
	if ((kind == NULL || strcmp(kind, "auth-refuse") == 0) &&
	    lab_fault_auth(dir, device, true, err, errlen) != 0)
		return -1;
	if ((kind == NULL || strcmp(kind, "hostkey") == 0) && lab_fault_has(dir, device, "hostkey") &&
	    lab_fault_hostkey(dir, device, true, err, errlen) != 0)
		return -1;
	return lab_fault_rewrite(dir, device, kind, NULL, err, errlen);
}

static bool
lab_fault_number(const char *s, bool frac)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	if (frac) {
		double v = strtod(s, &end);
		return errno == 0 && *end == '\0' && v >= 0 && v <= 3600;
	}
	return strtol(s, &end, 10) >= 0 && errno == 0 && *end == '\0';
}

int
lab_fault_cmd(const char *dir, const char *device, const char *exe, int argc, char **argv,
	      FILE *out, char *err, size_t errlen)
{
	const char *kind = argc > 0 ? argv[0] : NULL;
	char line[1024];

	(void)exe;
	if (kind == NULL) {
		snprintf(err, errlen, "fault: which fault? (%s, clear, list)",
			 "drop-after, delay, latency, rpc-error, malformed, truncate, replay, lock, auth-refuse, "
			 "hostkey");
		return -1;
	}
	if (strcmp(kind, "list") == 0) {
		char path[4200], buf[1024];
		FILE *f;
		lab_fault_file(dir, device, "faults", path, sizeof(path));
		if ((f = fopen(path, "r")) != NULL) {
			while (fgets(buf, sizeof(buf), f) != NULL)
				fprintf(out, "%s: %s", device, buf);
			fclose(f);
		}
		return 0;
	}
	if (strcmp(kind, "clear") == 0) {
		if (argc > 1 && !lab_fault_in_kinds(argv[1])) {
			snprintf(err, errlen, "fault clear: unknown fault '%s'", argv[1]);
			return -1;
		}
		if (lab_fault_clear(dir, device, argc > 1 ? argv[1] : NULL, err, errlen) != 0)
			return -1;
		fprintf(out, "%s: cleared %s\n", device, argc > 1 ? argv[1] : "every fault");
		return 0;
	}
	if (strcmp(kind, "drop-after") == 0 || strcmp(kind, "delay") == 0) {
		if (argc < 2 || argc > 3 || !lab_fault_number(argv[1], kind[1] == 'e')) {
			snprintf(err, errlen, "fault %s: usage: %s %s [RPC]", kind, kind,
				 kind[1] == 'e' ? "SECONDS (0-3600)" : "BYTES");
			return -1;
		}
		snprintf(line, sizeof(line), "%s %s %s", kind, argv[1], argc > 2 ? argv[2] : "*");
	} else if (strcmp(kind, "latency") == 0) {
		char *end;
		long ms = argc == 2 ? strtol(argv[1], &end, 10) : -1;

		if (argc != 2 || *argv[1] == '\0' || *end != '\0' || ms < 0 || ms > LAB_FAULT_LATENCY_MAX_MS) {
			snprintf(err, errlen, "fault latency: usage: latency MS (round trip, 0-%d)",
				 LAB_FAULT_LATENCY_MAX_MS);
			return -1;
		}
		snprintf(line, sizeof(line), "latency %ld", ms);
	} else if (strcmp(kind, "rpc-error") == 0) {
		size_t off;
		if (argc < 2) {
			snprintf(err, errlen, "fault rpc-error: usage: rpc-error RPC [MESSAGE...]");
			return -1;
		}
		off = (size_t)snprintf(line, sizeof(line), "rpc-error %s", argv[1]);
		for (int i = 2; i < argc && off < sizeof(line); i++)
			off += (size_t)snprintf(line + off, sizeof(line) - off, " %s", argv[i]);
		for (char *p = line; *p; p++)
			if (*p == '\n')
				*p = ' ';
	} else if (strcmp(kind, "malformed") == 0 || strcmp(kind, "truncate") == 0) {
		if (argc > 2) {
			snprintf(err, errlen, "fault %s: usage: %s [RPC]", kind, kind);
			return -1;
		}
		snprintf(line, sizeof(line), "%s %s", kind, argc > 1 ? argv[1] : "*");
	} else if (strcmp(kind, "replay") == 0) {
		char real[PATH_MAX];
		if (argc < 2 || argc > 3 || realpath(argv[1], real) == NULL || strlen(real) > 255 ||
		    strpbrk(real, " \t\n") != NULL) {
			snprintf(err, errlen, "fault replay: usage: replay FILE [RPC] (a readable file, "
				 "its absolute path at most 255 bytes, without blanks)");
			return -1;
		}
		snprintf(line, sizeof(line), "replay %.255s %.255s", real, argc > 2 ? argv[2] : "*");
	} else if (strcmp(kind, "lock") == 0) {
		const char *user = argc > 1 ? argv[1] : "admin";
		if (lab_fault_lock(dir, device, user, false, err, errlen) != 0)
			return -1;
		snprintf(line, sizeof(line), "lock %s", user);
	} else if (strcmp(kind, "auth-refuse") == 0) {
		if (lab_fault_auth(dir, device, false, err, errlen) != 0)
			return -1;
		snprintf(line, sizeof(line), "auth-refuse");
	} else if (strcmp(kind, "hostkey") == 0) {
		if (lab_fault_hostkey(dir, device, false, err, errlen) != 0)
			return -1;
		snprintf(line, sizeof(line), "hostkey");
	} else {
		snprintf(err, errlen, "fault: unknown fault '%s'", kind);
		return -1;
	}
	/* one line per kind (and RPC for rpc-error): a new value replaces the old one */
	{
		char prefix[300];
		if (strcmp(kind, "rpc-error") == 0)
			snprintf(prefix, sizeof(prefix), "rpc-error %s", argv[1]);
		else
			snprintf(prefix, sizeof(prefix), "%s", kind);
		if (lab_fault_rewrite(dir, device, prefix, line, err, errlen) != 0)
			return -1;
	}
	fprintf(out, "%s: fault %s\n", device, line);
	return 0;
}
