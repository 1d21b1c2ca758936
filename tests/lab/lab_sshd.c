/*
 * lab_sshd.c - starting and stopping the per-device OpenSSH daemons of the
 * lab (see lab_sshd.h).  Processes are found through /proc, so a stop
 * reaches sshd's per-connection children even though they start their own
 * sessions.
 */
#include "lab_sshd.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static void
lab_sshd_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Run argv, wait for it (at most 20 s); 0 when it exited 0. */
static int
lab_sshd_run(char *const argv[], char *err, size_t errlen)
{
	pid_t pid = fork(), w;
	int status = 0;

	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	for (int i = 0; i < 2000; i++) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
		lab_sshd_sleep_ms(10);
		if (i == 1999) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(err, errlen, "%s: did not finish in 20 s", argv[0]);
			return -1;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "%s failed (status %d)", argv[0],
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

int
lab_sshd_keygen(const char *path, const char *comment, char *err, size_t errlen)
{
	char pub[4200];
	char *argv[] = { "/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", (char *)comment,
			 "-f", (char *)path, NULL };

	snprintf(pub, sizeof(pub), "%s.pub", path);
	unlink(path);
	unlink(pub);
	if (lab_sshd_run(argv, err, errlen) != 0)
		return -1;
	chmod(path, 0600);
	return 0;
}

int
lab_sshd_pubkey(const char *keypath, char *buf, size_t size, char *err, size_t errlen)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s.pub", keypath);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fgets(buf, (int)size, f) == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: empty", path);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int
lab_sshd_free_port(int *port, char *err, size_t errlen)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0) {
		snprintf(err, errlen, "bind 127.0.0.1: %s", strerror(errno));
		close(s);
		return -1;
	}
	*port = ntohs(a.sin_port);
	close(s);
	return 0;
}

bool
lab_sshd_port_open(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (s < 0)
		return false;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	ok = connect(s, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(s);
	return ok;
}

/* Quote s for the shell sshd runs the subsystem with. */
static void
lab_sshd_shq(FILE *f, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && strchr("/._-+:=@,", *p) == NULL)
			plain = false;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

int
lab_sshd_write_config(const char *dir, const char *device, int port, const char *exe,
		      const char *user, char *err, size_t errlen)
{
	char path[4300], ddir[4200];
	FILE *f;

	snprintf(ddir, sizeof(ddir), "%s/devices/%s", dir, device);
	snprintf(path, sizeof(path), "%s/sshd_config", ddir);
	if ((f = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "# sshd of the lab device %s (written by erguard-lab up)\n"
		   "ListenAddress 127.0.0.1\n"
		   "Port %d\n"
		   "HostKey %s/ssh_host_ed25519_key\n"
		   "PidFile %s/sshd.pid\n"
		   "AuthorizedKeysFile %s/authorized_keys\n"
		   "PubkeyAuthentication yes\n"
		   "PasswordAuthentication no\n"
		   "KbdInteractiveAuthentication no\n"
		   "PermitRootLogin prohibit-password\n"
		   "AllowUsers %s\n"
		   "StrictModes no\n"
		   "UsePAM no\n"
		   "UseDNS no\n"
		   "PrintMotd no\n"
		   "PrintLastLog no\n"
		   "X11Forwarding no\n"
		   "AllowTcpForwarding no\n"
		   "AllowAgentForwarding no\n"
		   "PermitTTY no\n"
		   "MaxStartups 64:30:128\n"
		   "MaxSessions 16\n"
		   "LoginGraceTime 30\n"
		   "ClientAliveInterval 60\n"
		   "ClientAliveCountMax 3\n"
		   "LogLevel INFO\n"
		   /*
		    * sshd runs the subsystem through the user's shell; bash started
		    * by sshd reads ~/.bashrc unless it is a nested shell, and what a
		    * bashrc prints or waits for must not reach the NETCONF stream
		    */
		   "SetEnv SHLVL=1\n"
		   "Subsystem netconf ",
		device, port, ddir, ddir, ddir, user);
	lab_sshd_shq(f, exe);
	fputs(" serve --dir ", f);
	lab_sshd_shq(f, dir);
	fputs(" --device ", f);
	lab_sshd_shq(f, device);
	fputc('\n', f);
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: write failed", path);
		return -1;
	}
	return 0;
}

int
lab_spawn_detached(char *const argv[], const char *log, const char *pidfile, pid_t *pid,
		   char *err, size_t errlen)
{
	FILE *f;
	pid_t p;
	int bad;

	if ((p = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (p == 0) {
		int null = open("/dev/null", O_RDWR);
		int lfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		setsid();
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		if (lfd >= 0)
			dup2(lfd, 2);
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	*pid = p;
	if ((f = fopen(pidfile, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", pidfile, strerror(errno));
		return -1;
	}
	bad = fprintf(f, "%ld\n", (long)p) < 0;
	if (fclose(f) != 0 || bad) {
		snprintf(err, errlen, "%s: write failed", pidfile);
		return -1;
	}
	return 0;
}

int
lab_sshd_start(const char *dir, const char *device, int port, int timeout_ms, pid_t *pid,
	       char *err, size_t errlen)
{
	char cfg[4200], log[4200], pidf[4200];
	pid_t p;
	int waited = 0, status;

	if (geteuid() == 0) {
		struct stat sb;
		if (stat("/run/sshd", &sb) != 0 && mkdir("/run/sshd", 0755) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "mkdir /run/sshd: %s", strerror(errno));
			return -1;
		}
	}
	snprintf(cfg, sizeof(cfg), "%s/devices/%s/sshd_config", dir, device);
	snprintf(log, sizeof(log), "%s/devices/%s/sshd.log", dir, device);
	snprintf(pidf, sizeof(pidf), "%s/devices/%s/sshd.pid", dir, device);
	{
		char *const argv[] = { LAB_SSHD_BIN, "-D", "-f", cfg, "-E", log, NULL };
		if (lab_spawn_detached(argv, log, pidf, &p, err, errlen) != 0)
			return -1;
	}
	while (!lab_sshd_port_open(port)) {
		if (waitpid(p, &status, WNOHANG) == p) {
			snprintf(err, errlen, "%s: sshd exited at start (see %s)", device, log);
			return -1;
		}
		if (waited >= timeout_ms) {
			kill(p, SIGKILL);
			waitpid(p, &status, 0);
			snprintf(err, errlen, "%s: sshd did not listen on 127.0.0.1:%d within %d ms (see %s)",
				 device, port, timeout_ms, log);
			return -1;
		}
		lab_sshd_sleep_ms(20);
		waited += 20;
	}
	*pid = p;
	return 0;
}

/* ------------------------------------------------------------------ process trees */

struct lab_sshd_proc {
	pid_t pid, ppid;
	char state;
};

/* Every process: pid, parent, state.  Caller frees *out. */
static size_t
lab_sshd_procs(struct lab_sshd_proc **out)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct lab_sshd_proc *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[64], buf[512], *rp;
		FILE *f;
		pid_t pid;
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = (pid_t)atol(e->d_name);
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof(buf), f) == NULL || (rp = strrchr(buf, ')')) == NULL) {
			fclose(f);
			continue;
		}
		fclose(f);
		if (n == cap) {
			struct lab_sshd_proc *nv = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof(*v));
			if (nv == NULL)
				break;
			v = nv;
		}
		v[n].pid = pid;
		v[n].state = rp[2];
		v[n].ppid = (pid_t)atol(rp + 4);
		n++;
	}
	closedir(d);
	*out = v;
	return n;
}

static bool
lab_sshd_gone(pid_t pid)
{
	char path[64], buf[512], *rp;
	FILE *f;

	if (kill(pid, 0) != 0 && errno == ESRCH)
		return true;
	/* a zombie nobody reaps has finished all the same */
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return true;
	if (fgets(buf, sizeof(buf), f) == NULL || (rp = strrchr(buf, ')')) == NULL) {
		fclose(f);
		return true;
	}
	fclose(f);
	return rp[2] == 'Z' || rp[2] == 'X';
}

/* Signal every pid in v, wait, then KILL; returns how many are left. */
static int
lab_sshd_stop_all(pid_t *v, size_t n, int timeout_ms)
{
	int left = 0;

	for (size_t i = 0; i < n; i++)
		kill(v[i], SIGTERM);
	for (int waited = 0; waited <= timeout_ms; waited += 20) {
		size_t alive = 0;
		for (size_t i = 0; i < n; i++) {
			int st;
			waitpid(v[i], &st, WNOHANG);
			if (!lab_sshd_gone(v[i]))
				alive++;
		}
		if (alive == 0)
			return 0;
		lab_sshd_sleep_ms(20);
	}
	for (size_t i = 0; i < n; i++)
		if (!lab_sshd_gone(v[i]))
			kill(v[i], SIGKILL);
	for (int waited = 0; waited <= 2000; waited += 20) {
		left = 0;
		for (size_t i = 0; i < n; i++) {
			int st;
			waitpid(v[i], &st, WNOHANG);
			if (!lab_sshd_gone(v[i]))
				left++;
		}
		if (left == 0)
			break;
		lab_sshd_sleep_ms(20);
	}
	return left;
}

int
lab_sshd_kill_tree(pid_t pid, int timeout_ms)
{
	struct lab_sshd_proc *p;
	size_t n = lab_sshd_procs(&p), nset = 0;
	pid_t *set = malloc((n + 1) * sizeof(pid_t));
	int left;

	if (set == NULL) {
		free(p);
		kill(pid, SIGKILL);
		return 1;
	}
	set[nset++] = pid;
	/* descendants: repeat until no new child of the set is found */
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			bool in = false, parent_in = false;
			for (size_t j = 0; j < nset; j++) {
				in |= set[j] == p[i].pid;
				parent_in |= set[j] == p[i].ppid;
			}
			if (!in && parent_in) {
				set[nset++] = p[i].pid;
				grew = true;
			}
		}
	}
	left = lab_sshd_stop_all(set, nset, timeout_ms);
	free(set);
	free(p);
	return left;
}

/* Does the command line name dir itself (not merely a longer path)? */
static bool
lab_sshd_mentions(const char *cmd, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 0)
		return false;
	for (const char *p = strstr(cmd, dir); p != NULL; p = strstr(p + 1, dir)) {
		char after = p[n];
		if (after == '\0' || after == '/' || after == ' ')
			return true;
	}
	return false;
}

int
lab_sshd_kill_mentioning(const char *dir, int timeout_ms)
{
	struct lab_sshd_proc *p;
	size_t n = lab_sshd_procs(&p), nset = 0;
	pid_t *set = malloc((n + 1) * sizeof(pid_t));
	pid_t self = getpid();
	int left;

	if (set == NULL) {
		free(p);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char path[64], buf[8192];
		size_t got;
		FILE *f;
		if (p[i].pid == self || p[i].state == 'Z')
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)p[i].pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		got = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (size_t k = 0; k < got; k++)
			if (buf[k] == '\0')
				buf[k] = ' ';
		buf[got] = '\0';
		/* our own command line names the dir too: only lab processes */
		if (lab_sshd_mentions(buf, dir) &&
		    (strstr(buf, " serve ") != NULL || strstr(buf, "sshd") != NULL ||
		     strstr(buf, " supervise ") != NULL))
			set[nset++] = p[i].pid;
	}
	left = lab_sshd_stop_all(set, nset, timeout_ms);
	free(set);
	free(p);
	return left;
}
