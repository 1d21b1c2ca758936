/*
 * lab_main.c - erguard-lab: the Junos lab's control program.
 *
 *   erguard-lab up --dir DIR [--scenario NAME] [--devices N] [--release REL]
 *                  [--chunked] [--time-scale X] [--idle-timeout S]
 *                  [--rtt MS [--bandwidth MBIT]]
 *   erguard-lab down --dir DIR
 *   erguard-lab status --dir DIR
 *   erguard-lab show --dir DIR --device NAME config [candidate] [set|xml] | rib | events
 *   erguard-lab event --dir DIR EVENT TARGET [--trio K]
 *   erguard-lab fault --dir DIR --device NAME KIND [ARGS...] | clear [KIND] | list
 *   erguard-lab rpc --dir DIR --device NAME [RPC-XML]      (a NETCONF client; stdin if none)
 *   erguard-lab configure --dir DIR --device NAME [--confirmed MIN] [--log TEXT] [--check] LINE...
 *   erguard-lab break --dir DIR --device NAME lp-config
 *   erguard-lab expected --dir DIR                         (the scenario's failing checks)
 *   erguard-lab advertise --dir WORK [--scenario NAME] --config FILE --device NAME
 *                         [--subnet PREFIX]... -o SNAPDIR   (offline: no sshd)
 *   erguard-lab serve --dir DIR --device NAME              (sshd's netconf subsystem)
 *   erguard-lab supervise --dir DIR                        (started by up: confirmed-commit timer)
 *   erguard-lab hostile MODE [ARG] | --mode-file FILE      (a device that attacks its client)
 *
 * `up` builds the routing world, a client key, per-device sshd's on
 * 127.0.0.1 with their host keys, DIR/known_hosts, DIR/ssh_config and
 * DIR/intent.xml, and starts a small timer process that rolls back
 * commits that were not confirmed in time, and the relay (lab_relay.h)
 * that sits in front of every sshd: the devices' addresses in ssh_config,
 * known_hosts and intent.xml are its ports, delayed by --rtt.  `down` stops every process
 * the lab started (the sshd's with their sessions, the timer) and waits
 * for them.  Every lab process ends by itself too: sessions after their
 * idle timeout, the timer when the lab's sshd's are gone.
 *
 * `advertise` starts no process: it builds the scenario's world in WORK
 * (refused while a lab runs there), lays the <configuration> found in FILE
 * (a bare configuration, an rpc-reply or a commit-script-input) over
 * NAME's, gives NAME a direct subnet for each --subnet PREFIX, and saves
 * every device's advertising-protocol reply for each configured BGP
 * neighbor into SNAPDIR as `erguard snapshot` names them, for `erguard
 * check --from SNAPDIR` (lab_advertise.h has the rules).  WORK keeps the
 * world, so `show --dir WORK` explains the result.
 *
 * Exit status: 0 success, 1 failure, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "eg_err.h"
#include "nc.h"
#include "util.h"

#include "lab_advertise.h"
#include "lab_cfgdb.h"
#include "lab_cfgsyntax.h"
#include "lab_fault.h"
#include "lab_hostile.h"
#include "lab_intent.h"
#include "lab_relay.h"
#include "lab_server.h"
#include "lab_sshd.h"
#include "lab_world.h"

#define LAB_MAIN_SUPERVISE_MAX_S (24 * 3600)

struct lab_main_opts {
	char dir[PATH_MAX];
	const char *device;
	const char *scenario;
	const char *release;
	int devices;
	bool chunked;
	double time_scale;
	int idle_timeout;
	int rtt_ms;		/* the relay's round trip */
	double bandwidth;	/* the relay's Mbit/s, 0: no cap */
	/* configure */
	int confirmed_min;
	const char *log;
	bool check;
	/* advertise */
	const char *config;
	const char *out_dir;
	char **subnets;
	size_t nsubnets;
	int argc;		/* words after the options */
	char **argv;
};

static void
lab_main_usage(FILE *f)
{
	fputs("usage: erguard-lab up --dir DIR [--scenario NAME] [--devices N] [--release REL]\n"
	      "                      [--chunked] [--time-scale X] [--idle-timeout S]\n"
	      "                      [--rtt MS [--bandwidth MBIT]]\n"
	      "       erguard-lab down --dir DIR\n"
	      "       erguard-lab status --dir DIR\n"
	      "       erguard-lab show --dir DIR --device NAME config [candidate] [set|xml] | rib | events\n"
	      "       erguard-lab event --dir DIR EVENT TARGET [--trio K]\n"
	      "       erguard-lab fault --dir DIR --device NAME KIND [ARGS...] | clear [KIND] | list\n"
	      "       erguard-lab rpc --dir DIR --device NAME [RPC-XML]\n"
	      "       erguard-lab configure --dir DIR --device NAME [--confirmed MIN] [--log TEXT] [--check] LINE...\n"
	      "       erguard-lab break --dir DIR --device NAME lp-config\n"
	      "       erguard-lab expected --dir DIR\n"
	      "       erguard-lab advertise --dir WORK [--scenario NAME] --config FILE --device NAME\n"
	      "                             [--subnet PREFIX]... -o SNAPDIR\n"
	      "       erguard-lab serve --dir DIR --device NAME\n"
	      "       erguard-lab hostile MODE [ARG] | --mode-file FILE\n",
	      f);
}

static void
lab_main_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int
lab_main_parse(int argc, char **argv, struct lab_main_opts *o)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "device", required_argument, NULL, 'n' },
		{ "scenario", required_argument, NULL, 's' },
		{ "devices", required_argument, NULL, 'N' },
		{ "release", required_argument, NULL, 'r' },
		{ "chunked", no_argument, NULL, 'c' },
		{ "time-scale", required_argument, NULL, 't' },
		{ "idle-timeout", required_argument, NULL, 'i' },
		{ "rtt", required_argument, NULL, 'R' },
		{ "bandwidth", required_argument, NULL, 'B' },
		{ "confirmed", required_argument, NULL, 'C' },
		{ "log", required_argument, NULL, 'l' },
		{ "check", no_argument, NULL, 'k' },
		{ "trio", required_argument, NULL, 'T' },
		{ "config", required_argument, NULL, 'f' },
		{ "subnet", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->devices = 1;
	o->time_scale = 1.0;
	o->idle_timeout = LAB_SERVER_IDLE_S;
	optind = 2;
	opterr = 1;
	/* "+": stop at the first word, so event and fault arguments stay in order */
	while ((ch = getopt_long(argc, argv, "+o:", longopts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case 'd':
			if (realpath(optarg, o->dir) == NULL) {
				if (strlen(optarg) >= sizeof(o->dir) - 1)
					return -1;
				if (optarg[0] == '/') {
					snprintf(o->dir, sizeof(o->dir), "%s", optarg);
				} else {
					char cwd[PATH_MAX];
					if (getcwd(cwd, sizeof(cwd)) == NULL)
						return -1;
					if ((size_t)snprintf(o->dir, sizeof(o->dir), "%s/%s", cwd, optarg) >=
					    sizeof(o->dir))
						return -1;
				}
			}
			break;
		case 'n': o->device = optarg; break;
		case 's': o->scenario = optarg; break;
		case 'r': o->release = optarg; break;
		case 'c': o->chunked = true; break;
		case 'k': o->check = true; break;
		case 'l': o->log = optarg; break;
		case 'T': break;	/* passed on to the world with the event's words */
		case 'f': o->config = optarg; break;
		case 'o': o->out_dir = optarg; break;
		case 'S': {
			char **p = realloc(o->subnets, (o->nsubnets + 1) * sizeof(*p));
			if (p == NULL)
				return -1;
			o->subnets = p;
			o->subnets[o->nsubnets++] = optarg;
			break;
		}
		case 'N':
			o->devices = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o->devices < 1 || o->devices > 100) {
				fprintf(stderr, "erguard-lab: --devices: 1 to 100 trios\n");
				return -1;
			}
			break;
		case 't':
			o->time_scale = strtod(optarg, &end);
			if (*end != '\0' || !(o->time_scale > 0 && o->time_scale <= 1000)) {
				fprintf(stderr, "erguard-lab: --time-scale: a number above 0, at most 1000\n");
				return -1;
			}
			break;
		case 'i':
			o->idle_timeout = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o->idle_timeout < 1 || o->idle_timeout > 86400) {
				fprintf(stderr, "erguard-lab: --idle-timeout: 1 to 86400 seconds\n");
				return -1;
			}
			break;
		case 'R':
			o->rtt_ms = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o->rtt_ms < 0 || o->rtt_ms > LAB_RELAY_RTT_MAX_MS) {
				fprintf(stderr, "erguard-lab: --rtt: 0 to %d milliseconds\n", LAB_RELAY_RTT_MAX_MS);
				return -1;
			}
			break;
		case 'B':
			o->bandwidth = strtod(optarg, &end);
			if (*end != '\0' || !(o->bandwidth > 0 && o->bandwidth <= 100000)) {
				fprintf(stderr, "erguard-lab: --bandwidth: Mbit/s above 0, at most 100000\n");
				return -1;
			}
			break;
		case 'C':
			o->confirmed_min = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o->confirmed_min < 1 || o->confirmed_min > 65535) {
				fprintf(stderr, "erguard-lab: --confirmed: 1 to 65535 minutes\n");
				return -1;
			}
			break;
		case 'h':
			lab_main_usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
	if (o->dir[0] == '\0') {
		fprintf(stderr, "erguard-lab %s: --dir is required\n", argv[1]);
		return -1;
	}
	return 0;
}

static int
lab_main_need_device(const struct lab_main_opts *o, const char *cmd)
{
	if (o->device == NULL) {
		fprintf(stderr, "erguard-lab %s: --device is required\n", cmd);
		return -1;
	}
	return 0;
}

static void
lab_main_user(char *buf, size_t size)
{
	struct passwd *pw = getpwuid(geteuid());

	snprintf(buf, size, "%s", pw ? pw->pw_name : "root");
}

static int
lab_main_rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static int
lab_main_rmtree(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	return nftw(path, lab_main_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool
lab_main_alive(long pid)
{
	char path[64], buf[256], *rp;
	FILE *f;

	if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH))
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	rp = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	return rp != NULL && rp[2] != 'Z';
}

/* The devices of the world; returns 0 and fills the arrays (free with the world's free). */
static int
lab_main_devices(const char *dir, char ***names, char ***roles, char ***rels, size_t *n)
{
	if (lab_world_devices(dir, names, roles, rels, n) != 0) {
		fprintf(stderr, "erguard-lab: no lab in %s (run erguard-lab up first)\n", dir);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ down */

static int
lab_main_down(const struct lab_main_opts *o, bool quiet)
{
	char **names = NULL, **roles = NULL, **rels = NULL, path[PATH_MAX + 256];
	size_t n = 0;
	int stopped = 0, left = 0;
	long pid;

	snprintf(path, sizeof(path), "%s/supervisor.pid", o->dir);
	if ((pid = lab_read_long(path)) > 0 && lab_main_alive(pid)) {
		left += lab_sshd_kill_tree((pid_t)pid, 2000);
		stopped++;
	}
	unlink(path);
	snprintf(path, sizeof(path), "%s/relay.pid", o->dir);
	if ((pid = lab_read_long(path)) > 0 && lab_main_alive(pid)) {
		left += lab_sshd_kill_tree((pid_t)pid, 2000);
		stopped++;
	}
	unlink(path);
	if (lab_world_devices(o->dir, &names, &roles, &rels, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/devices/%s/sshd.pid", o->dir, names[i]);
			if ((pid = lab_read_long(path)) > 0 && lab_main_alive(pid)) {
				left += lab_sshd_kill_tree((pid_t)pid, 3000);
				stopped++;
			}
			unlink(path);
		}
		lab_world_devices_free(names, roles, rels, n);
	}
	/* anything else that names the lab: sessions whose sshd was restarted, strays */
	left += lab_sshd_kill_mentioning(o->dir, 3000);
	if (left > 0) {
		fprintf(stderr, "erguard-lab down: %d process(es) of %s would not stop\n", left, o->dir);
		return 1;
	}
	if (!quiet)
		printf("lab in %s is down (%d daemon%s stopped)\n", o->dir, stopped, stopped == 1 ? "" : "s");
	return 0;
}

/* ------------------------------------------------------------------ up */

static int
lab_main_write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		fprintf(stderr, "erguard-lab: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fputs(text, f);
	if (fclose(f) != 0) {
		fprintf(stderr, "erguard-lab: %s: write failed\n", path);
		return -1;
	}
	chmod(path, mode);
	return 0;
}

static int
lab_main_start_supervisor(const struct lab_main_opts *o, const char *exe)
{
	char log[PATH_MAX + 64], pidf[PATH_MAX + 64], err[PATH_MAX + 128];
	char *const argv[] = { (char *)exe, "supervise", "--dir", (char *)o->dir, NULL };
	pid_t p;

	snprintf(log, sizeof(log), "%s/supervisor.log", o->dir);
	snprintf(pidf, sizeof(pidf), "%s/supervisor.pid", o->dir);
	if (lab_spawn_detached(argv, log, pidf, &p, err, sizeof(err)) != 0) {
		fprintf(stderr, "erguard-lab: %s\n", err);
		return -1;
	}
	return 0;
}

static int
lab_main_up(const struct lab_main_opts *o)
{
	char exe[PATH_MAX], user[64], err[1024], path[PATH_MAX + 256], key[PATH_MAX + 64];
	char pub[1024], hostpub[1024];
	char **names = NULL, **roles = NULL, **rels = NULL;
	struct lab_intent_dev *devs = NULL;
	struct lab_relay *relay = lab_relay_new(o->rtt_ms, o->bandwidth);
	size_t n = 0;
	FILE *kh = NULL, *sc = NULL;
	int rc = 1;
	ssize_t el;
	pid_t relay_pid;

	if ((el = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) < 0) {
		fprintf(stderr, "erguard-lab: cannot find its own executable: %s\n", strerror(errno));
		return 1;
	}
	exe[el] = '\0';
	lab_main_user(user, sizeof(user));
	if (mkdir(o->dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "erguard-lab: %s: %s\n", o->dir, strerror(errno));
		return 1;
	}
	/* a lab already running here is stopped first, so up is repeatable */
	if (lab_world_devices(o->dir, &names, &roles, &rels, &n) == 0) {
		lab_world_devices_free(names, roles, rels, n);
		names = roles = rels = NULL;
		n = 0;
		if (lab_main_down(o, true) != 0)
			return 1;
	}
	snprintf(path, sizeof(path), "%s/devices", o->dir);
	if (lab_main_rmtree(path) != 0) {
		fprintf(stderr, "erguard-lab: cannot clear %s\n", path);
		return 1;
	}
	{
		char conf[512];
		snprintf(conf, sizeof(conf),
			 "# written by erguard-lab up\ntime-scale=%g\nchunked=%d\nidle-timeout=%d\n%s%s%s",
			 o->time_scale, o->chunked ? 1 : 0, o->idle_timeout, o->release ? "release=" : "",
			 o->release ? o->release : "", o->release ? "\n" : "");
		snprintf(path, sizeof(path), "%s/lab.conf", o->dir);
		if (lab_main_write_text(path, conf, 0644) != 0)
			return 1;
	}
	if (lab_world_init(o->dir, o->scenario, o->devices, err, sizeof(err)) != 0) {
		fprintf(stderr, "erguard-lab up: %s\n", err);
		return 1;
	}
	if (lab_main_devices(o->dir, &names, &roles, &rels, &n) != 0)
		return 1;
	if ((devs = calloc(n, sizeof(*devs))) == NULL || relay == NULL)
		goto cleanup;
	snprintf(key, sizeof(key), "%s/id_ed25519", o->dir);
	if (lab_sshd_keygen(key, "erguard-lab client", err, sizeof(err)) != 0 ||
	    lab_sshd_pubkey(key, pub, sizeof(pub), err, sizeof(err)) != 0) {
		fprintf(stderr, "erguard-lab up: client key: %s\n", err);
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/known_hosts", o->dir);
	if ((kh = fopen(path, "w")) == NULL) {
		fprintf(stderr, "erguard-lab: %s: %s\n", path, strerror(errno));
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/ssh_config", o->dir);
	if ((sc = fopen(path, "w")) == NULL) {
		fprintf(stderr, "erguard-lab: %s: %s\n", path, strerror(errno));
		goto cleanup;
	}
	fprintf(sc, "# ssh -F %s/ssh_config -s DEVICE netconf  (written by erguard-lab up)\n", o->dir);
	for (size_t i = 0; i < n; i++) {
		char hkey[PATH_MAX + 512], line[1200];
		int port = 0, tries;
		pid_t pid = 0;

		snprintf(path, sizeof(path), "%s/devices/%s", o->dir, names[i]);
		mkdir(path, 0700);
		snprintf(hkey, sizeof(hkey), "%s/ssh_host_ed25519_key", path);
		if (lab_sshd_keygen(hkey, names[i], err, sizeof(err)) != 0 ||
		    lab_sshd_pubkey(hkey, hostpub, sizeof(hostpub), err, sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab up: %s: host key: %s\n", names[i], err);
			goto cleanup;
		}
		snprintf(path, sizeof(path), "%s/devices/%s/authorized_keys", o->dir, names[i]);
		snprintf(line, sizeof(line), "%s\n", pub);
		if (lab_main_write_text(path, line, 0600) != 0)
			goto cleanup;
		for (tries = 0; tries < 5; tries++) {
			if (lab_sshd_free_port(&port, err, sizeof(err)) != 0 ||
			    lab_sshd_write_config(o->dir, names[i], port, exe, user, err, sizeof(err)) != 0) {
				fprintf(stderr, "erguard-lab up: %s: %s\n", names[i], err);
				goto cleanup;
			}
			if (lab_sshd_start(o->dir, names[i], port, 10000, &pid, err, sizeof(err)) == 0)
				break;
		}
		if (tries == 5) {
			fprintf(stderr, "erguard-lab up: %s\n", err);
			goto cleanup;
		}
		snprintf(path, sizeof(path), "%s/devices/%s/sshd.port", o->dir, names[i]);
		snprintf(line, sizeof(line), "%d\n", port);
		if (lab_main_write_text(path, line, 0644) != 0)
			goto cleanup;
		/* "ssh-ed25519 AAAA... comment" -> "[127.0.0.1]:PORT ssh-ed25519 AAAA..." */
		{
			char *sp = strchr(hostpub, ' '), *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
			if (sp2 != NULL)
				*sp2 = '\0';
			fprintf(kh, "[127.0.0.1]:%d %s\n", port, hostpub);
		}
		/* the device is reached through the relay: its port from here on, the sshd's kept too */
		if (lab_relay_add(relay, names[i], &port, err, sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab up: %s\n", err);
			goto cleanup;
		}
		snprintf(path, sizeof(path), "%s/devices/%s/relay.port", o->dir, names[i]);
		snprintf(line, sizeof(line), "%d\n", port);
		if (lab_main_write_text(path, line, 0644) != 0)
			goto cleanup;
		fprintf(kh, "[127.0.0.1]:%d %s\n", port, hostpub);
		fprintf(sc, "\nHost %s\n  HostName 127.0.0.1\n  Port %d\n  User %s\n"
			    "  IdentityFile %s\n  IdentitiesOnly yes\n  UserKnownHostsFile %s/known_hosts\n"
			    "  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  BatchMode yes\n"
			    "  ConnectTimeout 10\n",
			names[i], port, user, key, o->dir);
		devs[i].name = names[i];
		devs[i].role = roles[i];
		devs[i].port = port;
	}
	if (fclose(kh) != 0 || fclose(sc) != 0) {
		kh = sc = NULL;
		fprintf(stderr, "erguard-lab: cannot write known_hosts or ssh_config\n");
		goto cleanup;
	}
	kh = sc = NULL;
	snprintf(path, sizeof(path), "%s/intent.xml", o->dir);
	{
		char khpath[PATH_MAX + 64];
		snprintf(khpath, sizeof(khpath), "%s/known_hosts", o->dir);
		if (lab_intent_write(path, devs, n, user, key, khpath,
				     lab_world_dual_stack(o->dir) != 0, err, sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab up: %s\n", err);
			goto cleanup;
		}
	}
	if (lab_main_start_supervisor(o, exe) != 0)
		goto cleanup;
	if (lab_relay_start(relay, o->dir, &relay_pid, err, sizeof(err)) != 0) {
		fprintf(stderr, "erguard-lab up: %s\n", err);
		goto cleanup;
	}
	printf("Junos lab up in %s (scenario %s, %zu device%s, %s framing, round trip %d ms%s):\n", o->dir,
	       o->scenario ? o->scenario : "compliant", n, n == 1 ? "" : "s",
	       o->chunked ? "end-of-message, chunked when the client offers base:1.1" : "end-of-message",
	       o->rtt_ms, o->bandwidth > 0 ? ", bandwidth capped" : "");
	for (size_t i = 0; i < n; i++)
		printf("  %-16s %-8s release %-8s NETCONF over SSH at 127.0.0.1:%d\n", names[i], roles[i],
		       o->release ? o->release : rels[i], devs[i].port);
	{
		char eg[PATH_MAX + 16], *d = strdup(exe);
		snprintf(eg, sizeof(eg), "%s/erguard", d ? dirname(d) : ".");
		free(d);
		printf("Check it with:\n  %s check -c %s/intent.xml\n", access(eg, X_OK) == 0 ? eg : "erguard",
		       o->dir);
		printf("Talk to a device:\n  ssh -F %s/ssh_config -s %s netconf\n", o->dir, names[0]);
		printf("Stop it with:\n  %s down --dir %s\n", exe, o->dir);
	}
	rc = 0;
cleanup:
	if (kh != NULL)
		fclose(kh);
	if (sc != NULL)
		fclose(sc);
	free(devs);
	lab_relay_free(relay);
	lab_world_devices_free(names, roles, rels, n);
	if (rc != 0)
		lab_main_down(o, true);
	return rc;
}

/* ------------------------------------------------------------------ status */

static int
lab_main_status(const struct lab_main_opts *o)
{
	char **names = NULL, **roles = NULL, **rels = NULL, path[PATH_MAX + 256];
	size_t n = 0;
	int up = 0;

	if (lab_main_devices(o->dir, &names, &roles, &rels, &n) != 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		long pid, port;
		snprintf(path, sizeof(path), "%s/devices/%s/sshd.pid", o->dir, names[i]);
		pid = lab_read_long(path);
		snprintf(path, sizeof(path), "%s/devices/%s/sshd.port", o->dir, names[i]);
		port = lab_read_long(path);
		if (lab_main_alive(pid) && lab_sshd_port_open((int)port)) {
			printf("%-16s up    127.0.0.1:%ld (sshd pid %ld)\n", names[i], port, pid);
			up++;
		} else {
			printf("%-16s down\n", names[i]);
		}
	}
	lab_world_devices_free(names, roles, rels, n);
	return up == (int)n ? 0 : 1;
}

/* ------------------------------------------------------------------ supervise */

static int
lab_main_supervise(const struct lab_main_opts *o)
{
	char pidf[PATH_MAX + 64];
	time_t start = time(NULL), last_alive = time(NULL);
	long self = (long)getpid();

	snprintf(pidf, sizeof(pidf), "%s/supervisor.pid", o->dir);
	/* up writes the pid file right after starting us */
	for (int i = 0; i < 100 && lab_read_long(pidf) != self; i++)
		lab_main_sleep_ms(20);
	for (;;) {
		char **names = NULL, **roles = NULL, **rels = NULL, path[PATH_MAX + 256];
		size_t n = 0;
		long long next = 0;
		bool any_alive = false;
		int sleep_ms = 1000;

		if (lab_read_long(pidf) != self || time(NULL) - start > LAB_MAIN_SUPERVISE_MAX_S)
			return 0;
		if (lab_world_devices(o->dir, &names, &roles, &rels, &n) != 0)
			return 0;
		for (size_t i = 0; i < n; i++) {
			struct lab_cfgdb *db = NULL;
			struct lab_cfgdb_state st;
			char err[256];
			snprintf(path, sizeof(path), "%s/devices/%s/sshd.pid", o->dir, names[i]);
			any_alive |= lab_main_alive(lab_read_long(path));
			if (lab_cfgdb_open(o->dir, names[i], "root", &db, err, sizeof(err)) != 0)
				continue;
			if (lab_cfgdb_state_read(db, &st) == 0 && st.confirm_deadline_ms != 0) {
				if (st.confirm_deadline_ms <= lab_cfgdb_now_ms()) {
					/* begin() applies the expired confirmation under the flock */
					if (lab_cfgdb_begin(db, err, sizeof(err)) == 0) {
						fprintf(stderr, "%s: commit not confirmed in time: rolled back\n",
							names[i]);
						lab_cfgdb_end(db);
					}
				} else if (next == 0 || st.confirm_deadline_ms < next) {
					next = st.confirm_deadline_ms;
				}
			}
			lab_cfgdb_free(db);
		}
		lab_world_devices_free(names, roles, rels, n);
		if (any_alive)
			last_alive = time(NULL);
		else if (time(NULL) - last_alive > 5)
			return 0;	/* the lab was stopped without us */
		if (next != 0) {
			long long d = next - lab_cfgdb_now_ms();
			if (d < sleep_ms)
				sleep_ms = d < 10 ? 10 : (int)d;
		}
		lab_main_sleep_ms(sleep_ms);
	}
}

/* ------------------------------------------------------------------ show */

static int
lab_main_show(const struct lab_main_opts *o)
{
	const char *what = o->argc > 0 ? o->argv[0] : NULL;
	char err[1024];

	if (what == NULL) {
		fprintf(stderr, "erguard-lab show: what? config, rib or events\n");
		return 2;
	}
	if (strcmp(what, "config") == 0) {
		struct lab_cfgdb *db = NULL;
		xmlDocPtr d = NULL;
		bool cand = false, set = false, xml = false;
		int rc = 1;
		for (int i = 1; i < o->argc; i++) {
			if (strcmp(o->argv[i], "candidate") == 0)
				cand = true;
			else if (strcmp(o->argv[i], "set") == 0)
				set = true;
			else if (strcmp(o->argv[i], "xml") == 0)
				xml = true;
			else if (strcmp(o->argv[i], "committed") != 0 && strcmp(o->argv[i], "text") != 0) {
				fprintf(stderr, "erguard-lab show config: unknown word '%s'\n", o->argv[i]);
				return 2;
			}
		}
		if (lab_cfgdb_open(o->dir, o->device, "root", &db, err, sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab show: %s\n", err);
			return 1;
		}
		if (lab_cfgdb_begin(db, err, sizeof(err)) == 0) {
			if (lab_cfgdb_read(db, cand ? LAB_CFGDB_CANDIDATE : LAB_CFGDB_COMMITTED, 0, &d, err,
					   sizeof(err)) == 0) {
				if (xml)
					xmlDocFormatDump(stdout, d, 1);
				else if (set)
					lab_cfgsyntax_set(xmlDocGetRootElement(d), stdout);
				else
					lab_cfgsyntax_text(xmlDocGetRootElement(d), stdout);
				rc = 0;
			}
			lab_cfgdb_end(db);
		}
		if (rc != 0)
			fprintf(stderr, "erguard-lab show: %s\n", err);
		xmlFreeDoc(d);
		lab_cfgdb_free(db);
		return rc;
	}
	if (strcmp(what, "rib") == 0 || strcmp(what, "events") == 0) {
		if (lab_world_show(o->dir, o->device, what, stdout, err, sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab show: %s\n", err);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "erguard-lab show: unknown '%s' (config, rib or events)\n", what);
	return 2;
}

/* ------------------------------------------------------------------ client */

/* A NETCONF session to a lab device with the lab's key and known_hosts. */
static int
lab_main_connect(const struct lab_main_opts *o, struct eg_nc_session **s)
{
	char path[PATH_MAX + 256], key[PATH_MAX + 64], kh[PATH_MAX + 64], user[64];
	struct eg_nc_opts no = { 0 };
	struct eg_nc_diag why;
	long port;
	eg_err e;

	snprintf(path, sizeof(path), "%s/devices/%s/sshd.port", o->dir, o->device);
	if ((port = lab_read_long(path)) <= 0 || port > 65535) {
		fprintf(stderr, "erguard-lab: %s: no such device up in %s\n", o->device, o->dir);
		return -1;
	}
	snprintf(key, sizeof(key), "%s/id_ed25519", o->dir);
	snprintf(kh, sizeof(kh), "%s/known_hosts", o->dir);
	lab_main_user(user, sizeof(user));
	no.device = o->device;
	no.kind = EG_NC_SSH;
	no.host = "127.0.0.1";
	no.port = (uint16_t)port;
	no.user = user;
	no.identity_file = key;
	no.known_hosts = kh;
	no.ssh_config = "/dev/null";
	no.no_prompt = true;
	no.rpc_timeout_ms = 60000;
	no.session_timeout_ms = 300000;
	if ((e = eg_nc_session_open(&no, s, &why)) != EG_OK) {
		fprintf(stderr, "erguard-lab: %s\n", why.msg);
		return -1;
	}
	return 0;
}

/*
 * Send body, copy the reply to out (may be NULL) or, when it holds an
 * error and errout is not NULL, to errout; *rpc_error tells whether it did.
 */
static int
lab_main_call_to(struct eg_nc_session *s, const char *body, FILE *out, FILE *errout, bool *rpc_error)
{
	char buf[65536];
	char *reply = NULL;
	size_t rl = 0;
	FILE *m = open_memstream(&reply, &rl);
	int n;

	*rpc_error = false;
	if (m == NULL)
		return -1;
	if (eg_nc_session_rpc(s, body) != EG_OK) {
		fclose(m);
		free(reply);
		fprintf(stderr, "erguard-lab: %s\n", eg_nc_session_why(s));
		return -1;
	}
	while ((n = eg_nc_reply_read(s, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, m);
	fclose(m);
	if (n < 0) {
		free(reply);
		fprintf(stderr, "erguard-lab: %s\n", eg_nc_session_why(s));
		return -1;
	}
	eg_nc_reply_finish(s);
	*rpc_error = reply != NULL && strstr(reply, "<error-severity>error</error-severity>") != NULL;
	if (*rpc_error && errout != NULL)
		out = errout;
	if (out != NULL && reply != NULL) {
		fwrite(reply, 1, rl, out);
		fputc('\n', out);
	}
	free(reply);
	return 0;
}

static int
lab_main_call(struct eg_nc_session *s, const char *body, FILE *out, bool *rpc_error)
{
	return lab_main_call_to(s, body, out, NULL, rpc_error);
}

static int
lab_main_rpc(const struct lab_main_opts *o)
{
	struct eg_nc_session *s = NULL;
	char *body = NULL;
	size_t bl = 0;
	bool err = false;
	int rc = 1;

	if (o->argc > 0) {
		body = strdup(o->argv[0]);
	} else {
		FILE *m = open_memstream(&body, &bl);
		char buf[4096];
		size_t got;
		if (m == NULL)
			return 1;
		while ((got = fread(buf, 1, sizeof(buf), stdin)) > 0)
			fwrite(buf, 1, got, m);
		fclose(m);
	}
	if (body == NULL || lab_main_connect(o, &s) != 0)
		goto cleanup;
	if (lab_main_call(s, body, stdout, &err) == 0)
		rc = err ? 1 : 0;
	eg_nc_session_close(s);
cleanup:
	free(body);
	return rc;
}

/* lock, load set lines, commit (check / confirmed / log), unlock: an engineer's change. */
static int
lab_main_configure_lines(const struct lab_main_opts *o, int nlines, char **lines)
{
	struct eg_nc_session *s = NULL;
	char *load = NULL, *commit = NULL;
	size_t ll = 0, cl = 0;
	FILE *m;
	bool err = false;
	int rc = 1;

	if (nlines == 0) {
		fprintf(stderr, "erguard-lab configure: which change? (set/delete lines)\n");
		return 2;
	}
	if ((m = open_memstream(&load, &ll)) == NULL)
		return 1;
	fputs("<load-configuration action=\"set\" format=\"text\"><configuration-set>", m);
	for (int i = 0; i < nlines; i++) {
		eg_xml_escape_fputs(m, lines[i], 0);
		fputc('\n', m);
	}
	fputs("</configuration-set></load-configuration>", m);
	fclose(m);
	if ((m = open_memstream(&commit, &cl)) == NULL)
		goto cleanup;
	fputs("<commit-configuration>", m);
	if (o->check)
		fputs("<check/>", m);
	if (o->confirmed_min > 0)
		fprintf(m, "<confirmed/><confirm-timeout>%d</confirm-timeout>", o->confirmed_min);
	if (o->log != NULL) {
		fputs("<log>", m);
		eg_xml_escape_fputs(m, o->log, 0);
		fputs("</log>", m);
	}
	fputs("</commit-configuration>", m);
	fclose(m);
	if (lab_main_connect(o, &s) != 0)
		goto cleanup;
	if (lab_main_call_to(s, "<lock-configuration/>", NULL, stderr, &err) != 0)
		goto close;
	if (err) {
		fprintf(stderr, "%s: lock refused\n", o->device);
		goto close;
	}
	if (lab_main_call_to(s, load, NULL, stderr, &err) != 0 || err) {
		if (err)
			fprintf(stderr, "%s: load failed\n", o->device);
		lab_main_call(s, "<discard-changes/>", NULL, &err);
		lab_main_call(s, "<unlock-configuration/>", NULL, &err);
		goto close;
	}
	if (lab_main_call_to(s, commit, NULL, stderr, &err) != 0)
		goto close;
	if (err) {
		fprintf(stderr, "%s: commit failed\n", o->device);
		lab_main_call(s, "<discard-changes/>", NULL, &err);
		lab_main_call(s, "<unlock-configuration/>", NULL, &err);
		goto close;
	}
	lab_main_call(s, "<unlock-configuration/>", NULL, &err);
	printf("%s: %s", o->device, o->check ? "commit check passed for" : "committed");
	for (int i = 0; i < nlines; i++)
		printf("%s %s", i ? ";" : "", lines[i]);
	if (o->confirmed_min > 0)
		printf(" (confirmed: rolled back in %d minute%s unless confirmed)", o->confirmed_min,
		       o->confirmed_min == 1 ? "" : "s");
	putchar('\n');
	rc = 0;
close:
	eg_nc_session_close(s);
cleanup:
	free(load);
	free(commit);
	return rc;
}

static int
lab_main_break(const struct lab_main_opts *o)
{
	const char *what = o->argc > 0 ? o->argv[0] : NULL;
	struct lab_cfgdb *db = NULL;
	xmlDocPtr d = NULL;
	char err[512], inst[128] = "Cust11", line[512];
	char *lines[1] = { line };
	struct lab_main_opts oo = *o;

	if (what == NULL || strcmp(what, "lp-config") != 0) {
		fprintf(stderr, "erguard-lab break: known breakages: lp-config\n");
		return 2;
	}
	/* the device's routing instance, from its committed configuration */
	if (lab_cfgdb_open(o->dir, o->device, "root", &db, err, sizeof(err)) == 0 &&
	    lab_cfgdb_begin(db, err, sizeof(err)) == 0) {
		if (lab_cfgdb_read(db, LAB_CFGDB_COMMITTED, 0, &d, err, sizeof(err)) == 0) {
			xmlNodePtr ri = lab_cfgsyntax_child(xmlDocGetRootElement(d), "routing-instances");
			xmlNodePtr in = lab_cfgsyntax_child(ri, "instance");
			const char *nm = lab_cfgsyntax_leaf(lab_cfgsyntax_child(in, "name"));
			if (nm != NULL)
				snprintf(inst, sizeof(inst), "%s", nm);
		}
		lab_cfgdb_end(db);
	}
	xmlFreeDoc(d);
	lab_cfgdb_free(db);
	snprintf(line, sizeof(line), "delete routing-instances %s protocols bgp group ibgp local-preference",
		 inst);
	if (oo.log == NULL)
		oo.log = "ibgp: use the default local-preference";
	return lab_main_configure_lines(&oo, 1, lines);
}

/* ------------------------------------------------------------------ advertise */

static int
lab_main_advertise(const struct lab_main_opts *o)
{
	struct lab_advertise_opts ao;
	char **names = NULL, **roles = NULL, **rels = NULL, path[PATH_MAX + 256], err[1024];
	size_t n = 0;
	bool running = false;

	if (o->config == NULL || o->out_dir == NULL || o->device == NULL || o->argc != 0) {
		fprintf(stderr, "erguard-lab advertise: --config FILE, --device NAME and -o SNAPDIR are "
				"required, and nothing else\n");
		return 2;
	}
	/* the world is rebuilt in WORK: never under a running lab */
	if (lab_world_devices(o->dir, &names, &roles, &rels, &n) == 0) {
		for (size_t i = 0; i < n && !running; i++) {
			snprintf(path, sizeof(path), "%s/devices/%s/sshd.pid", o->dir, names[i]);
			running = lab_main_alive(lab_read_long(path));
		}
		lab_world_devices_free(names, roles, rels, n);
	}
	if (running) {
		fprintf(stderr, "erguard-lab advertise: a lab runs in %s (erguard-lab down first, or "
				"another --dir)\n", o->dir);
		return 1;
	}
	if (mkdir(o->dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "erguard-lab: %s: %s\n", o->dir, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/devices", o->dir);
	if (lab_main_rmtree(path) != 0) {
		fprintf(stderr, "erguard-lab: cannot clear %s\n", path);
		return 1;
	}
	memset(&ao, 0, sizeof(ao));
	ao.dir = o->dir;
	ao.scenario = o->scenario;
	ao.config = o->config;
	ao.device = o->device;
	ao.subnets = o->subnets;
	ao.nsubnets = o->nsubnets;
	ao.out_dir = o->out_dir;
	if (lab_advertise_run(&ao, stdout, err, sizeof(err)) != 0) {
		fprintf(stderr, "erguard-lab advertise: %s\n", err);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ main */

int
main(int argc, char **argv)
{
	struct lab_main_opts o;
	const char *cmd = argc > 1 ? argv[1] : NULL;
	char err[1024];
	int rc;

	if (cmd == NULL) {
		lab_main_usage(stderr);
		return 2;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		lab_main_usage(stdout);
		return 0;
	}
	/* no lab folder: the session's stdio is all a hostile device has */
	if (strcmp(cmd, "hostile") == 0)
		return lab_hostile_main(argc - 2, argv + 2);
	if (lab_main_parse(argc, argv, &o) != 0) {
		free(o.subnets);
		lab_main_usage(stderr);
		return 2;
	}
	xmlInitParser();
	if (strcmp(cmd, "up") == 0) {
		rc = lab_main_up(&o);
	} else if (strcmp(cmd, "down") == 0) {
		rc = lab_main_down(&o, false);
	} else if (strcmp(cmd, "status") == 0) {
		rc = lab_main_status(&o);
	} else if (strcmp(cmd, "serve") == 0) {
		rc = lab_main_need_device(&o, cmd) != 0 ? 2 : lab_server_run(o.dir, o.device, 0, 1);
	} else if (strcmp(cmd, "supervise") == 0) {
		rc = lab_main_supervise(&o);
	} else if (strcmp(cmd, "show") == 0) {
		rc = lab_main_need_device(&o, cmd) != 0 ? 2 : lab_main_show(&o);
	} else if (strcmp(cmd, "event") == 0) {
		/* the world takes the whole command line and picks its words */
		if (lab_world_event(o.dir, argc - 2, argv + 2, stdout, err, sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab event: %s\n", err);
			rc = 1;
		} else {
			rc = 0;
		}
	} else if (strcmp(cmd, "fault") == 0) {
		rc = lab_main_need_device(&o, cmd) != 0 ? 2 : 0;
		if (rc == 0 && lab_fault_cmd(o.dir, o.device, NULL, o.argc, o.argv, stdout, err,
					     sizeof(err)) != 0) {
			fprintf(stderr, "erguard-lab fault: %s\n", err);
			rc = 1;
		}
	} else if (strcmp(cmd, "rpc") == 0) {
		rc = lab_main_need_device(&o, cmd) != 0 ? 2 : lab_main_rpc(&o);
	} else if (strcmp(cmd, "configure") == 0) {
		rc = lab_main_need_device(&o, cmd) != 0 ? 2 : lab_main_configure_lines(&o, o.argc, o.argv);
	} else if (strcmp(cmd, "expected") == 0) {
		char **ids = NULL;
		size_t n = 0;
		rc = 0;
		if (lab_world_expected(o.dir, &ids, &n) != 0) {
			fprintf(stderr, "erguard-lab expected: no lab in %s\n", o.dir);
			rc = 1;
		}
		for (size_t i = 0; i < n; i++) {
			printf("%s\n", ids[i]);
			free(ids[i]);
		}
		free(ids);
	} else if (strcmp(cmd, "break") == 0) {
		rc = lab_main_need_device(&o, cmd) != 0 ? 2 : lab_main_break(&o);
	} else if (strcmp(cmd, "advertise") == 0) {
		rc = lab_main_advertise(&o);
	} else {
		fprintf(stderr, "erguard-lab: unknown command '%s'\n", cmd);
		lab_main_usage(stderr);
		rc = 2;
	}
	xmlCleanupParser();
	free(o.subnets);
	if (fflush(stdout) != 0 && rc == 0)
		rc = 1;
	return rc;
}
