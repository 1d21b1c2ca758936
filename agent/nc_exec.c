/*
 * nc_exec.c - NETCONF over file descriptors and over a spawned command.
 *
 * The fd transport reads and writes a pair of descriptors with poll()
 * deadlines.  The exec transport spawns a command whose stdin and stdout
 * are one end of a socketpair: by default "ssh -s ... HOST netconf", so
 * the user's whole OpenSSH setup (ProxyJump, ControlMaster, agent,
 * hardware keys) applies, or a command line from the intent run by
 * /bin/sh (on the box: "cli xml-mode netconf need-trailer").
 *
 * The port of the default command line: the intent's when it gives one;
 * else the one the user's OpenSSH configuration names for the host, as
 * "ssh -G" (which only prints the configuration) reports it, left for
 * ssh to apply; else NETCONF's 830.  "Port 22" in the configuration is
 * indistinguishable from no Port and means 830 too.
 *
 * Guarantees: no secret is ever put in argv (passwords are not supported
 * here: OpenSSH asks for them itself, on the terminal); the host name
 * cannot be taken for an option ("--" precedes it); writing to a peer
 * that went away returns EG_ETRANSPORT instead of raising SIGPIPE; the
 * child's stderr is drained while waiting, its last lines kept to explain
 * failures (host key, authentication, refused, timeout); close reaps the
 * child, terminating it if it lingers.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nc.h"
#include "util.h"

extern char **environ;

#define EG_NC_ERRTAIL 2048

struct eg_nc_fdio {
	int rfd, wfd;
	bool own;
	bool wsock;			/* wfd is a socket: send(MSG_NOSIGNAL) */
	pid_t pid;			/* exec: the child, or 0 */
	int errfd;			/* exec: the child's stderr, or -1 */
	char errtail[EG_NC_ERRTAIL];	/* last bytes of the child's stderr */
	size_t errlen;
	int status;			/* exit status once reaped */
	bool reaped;
	bool own_group;			/* exec: the child leads a process group of its own */
	char prog[64];			/* command name for messages */
};

static bool
nc_exec_is_socket(int fd)
{
	int type;
	socklen_t len = sizeof(type);

	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0;
}

eg_err
eg_nc_fd_io_new(int rfd, int wfd, bool own, void **io)
{
	struct eg_nc_fdio *x = eg_xcalloc(1, sizeof(*x));

	*io = NULL;
	x->rfd = rfd;
	x->wfd = wfd;
	x->own = own;
	x->wsock = nc_exec_is_socket(wfd);
	x->errfd = -1;
	snprintf(x->prog, sizeof(x->prog), "fd");
	*io = x;
	return EG_OK;
}

static int
nc_exec_left(int64_t deadline)
{
	int64_t left;

	if (deadline < 0)
		return -1;
	left = deadline - eg_nc_now_ms();
	return left <= 0 ? 0 : (left > INT32_MAX ? INT32_MAX : (int)left);
}

/* Keep the tail of the child's stderr; false at its end. */
static bool
nc_exec_drain_stderr(struct eg_nc_fdio *x)
{
	char buf[1024];
	ssize_t n;

	n = read(x->errfd, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		close(x->errfd);
		x->errfd = -1;
		return false;
	}
	if (x->errlen + (size_t)n > EG_NC_ERRTAIL) {
		size_t drop = x->errlen + (size_t)n - EG_NC_ERRTAIL;

		memmove(x->errtail, x->errtail + drop, x->errlen - drop);
		x->errlen -= drop;
	}
	memcpy(x->errtail + x->errlen, buf, (size_t)n);
	x->errlen += (size_t)n;
	return true;
}

static eg_err
nc_exec_fd_read(void *io, char *buf, size_t len, int timeout_ms, size_t *got,
	      struct eg_nc_diag *d)
{
	struct eg_nc_fdio *x = io;
	int64_t deadline = timeout_ms < 0 ? -1 : eg_nc_now_ms() + timeout_ms;

	*got = 0;
	for (;;) {
		struct pollfd p[2];
		nfds_t np = 1;
		ssize_t n;
		int rc;

		p[0].fd = x->rfd;
		p[0].events = POLLIN;
		p[0].revents = 0;
		if (x->errfd >= 0) {
			p[1].fd = x->errfd;
			p[1].events = POLLIN;
			p[1].revents = 0;
			np = 2;
		}
		rc = poll(p, np, nc_exec_left(deadline));
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			eg_nc_say(d, "poll: %s", strerror(errno));
			return EG_ETRANSPORT;
		}
		if (rc == 0)
			return EG_ETIMEOUT;
		if (np == 2 && p[1].revents != 0)
			nc_exec_drain_stderr(x);
		if (p[0].revents == 0)
			continue;
		n = read(x->rfd, buf, len);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == ECONNRESET) {
				*got = 0;
				return EG_OK;
			}
			eg_nc_say(d, "read: %s", strerror(errno));
			return EG_ETRANSPORT;
		}
		*got = (size_t)n;
		return EG_OK;
	}
}

/* write(2) with SIGPIPE held back, for descriptors that are not sockets. */
static ssize_t
nc_exec_fd_write_nosig(int fd, const char *buf, size_t len)
{
	sigset_t pipe_set, old, pending;
	bool was_pending;
	ssize_t n;
	int saved;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	n = write(fd, buf, len);
	saved = errno;
	if (n < 0 && saved == EPIPE && !was_pending) {
		struct timespec zero = { 0, 0 };

		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return n;
}

static eg_err
nc_exec_fd_write(void *io, const char *buf, size_t len, int timeout_ms,
	       struct eg_nc_diag *d)
{
	struct eg_nc_fdio *x = io;
	int64_t deadline = timeout_ms < 0 ? -1 : eg_nc_now_ms() + timeout_ms;
	size_t off = 0;

	while (off < len) {
		struct pollfd p;
		ssize_t n;
		int rc;

		p.fd = x->wfd;
		p.events = POLLOUT;
		p.revents = 0;
		rc = poll(&p, 1, nc_exec_left(deadline));
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			eg_nc_say(d, "poll: %s", strerror(errno));
			return EG_ETRANSPORT;
		}
		if (rc == 0) {
			eg_nc_say(d, "timed out writing to the server");
			return EG_ETIMEOUT;
		}
		if (x->wsock)
			n = send(x->wfd, buf + off, len - off, MSG_NOSIGNAL);
		else
			n = nc_exec_fd_write_nosig(x->wfd, buf + off, len - off);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == EPIPE || errno == ECONNRESET)
				eg_nc_say(d, "connection closed by the server");
			else
				eg_nc_say(d, "write: %s", strerror(errno));
			return EG_ETRANSPORT;
		}
		off += (size_t)n;
	}
	return EG_OK;
}

/* Wait 10 ms for the child, keeping its stderr drained meanwhile. */
static void
nc_exec_pause(struct eg_nc_fdio *x)
{
	if (x->errfd >= 0) {
		struct pollfd p = { .fd = x->errfd, .events = POLLIN, .revents = 0 };

		if (poll(&p, 1, 10) > 0)
			nc_exec_drain_stderr(x);
	} else {
		struct timespec ts = { 0, 10 * 1000000L };

		nanosleep(&ts, NULL);
	}
}

/* Wait up to ms for the child to exit; true once reaped. */
static bool
nc_exec_reap(struct eg_nc_fdio *x, unsigned ms)
{
	int64_t end = eg_nc_now_ms() + ms;

	if (x->pid <= 0 || x->reaped)
		return true;
	for (;;) {
		pid_t r = waitpid(x->pid, &x->status, WNOHANG);

		if (r == x->pid || (r < 0 && errno != EINTR)) {
			x->reaped = true;
			return true;
		}
		if (eg_nc_now_ms() >= end)
			return false;
		nc_exec_pause(x);
	}
}

/* Wait up to ms for the child to exit, leaving it to be reaped; true once it has. */
static bool
nc_exec_exited(struct eg_nc_fdio *x, unsigned ms)
{
	int64_t end = eg_nc_now_ms() + ms;
	siginfo_t si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)x->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
			return errno != EINTR;
		if (si.si_pid == x->pid)
			return true;
		if (eg_nc_now_ms() >= end)
			return false;
		nc_exec_pause(x);
	}
}

static void
nc_exec_fd_close(void *io)
{
	struct eg_nc_fdio *x = io;

	if (x == NULL)
		return;
	if (x->own || x->pid > 0) {
		if (x->rfd >= 0)
			close(x->rfd);
		if (x->wfd >= 0 && x->wfd != x->rfd)
			close(x->wfd);
	}
	if (x->pid > 0 && x->own_group) {
		/*
		 * The leader has its chance to end on EOF; then its group, what
		 * it left running included, is ended before the leader is
		 * reaped, while the group's id cannot yet be anyone else's.
		 */
		nc_exec_exited(x, 2000);
		kill(-x->pid, SIGTERM);
		nc_exec_exited(x, 1000);
		kill(-x->pid, SIGKILL);
		nc_exec_reap(x, 1000);
	} else if (x->pid > 0 && !nc_exec_reap(x, 2000)) {
		kill(x->pid, SIGTERM);
		if (!nc_exec_reap(x, 1000)) {
			kill(x->pid, SIGKILL);
			nc_exec_reap(x, 1000);
		}
	}
	if (x->errfd >= 0)
		close(x->errfd);
	free(x);
}

static eg_err
nc_exec_explain(void *io, eg_err err, struct eg_nc_diag *d)
{
	struct eg_nc_fdio *x = io;
	char line[256], orig[400];
	eg_err said;

	if (x->pid <= 0)
		return err;
	/* Let the child finish writing its complaint. */
	nc_exec_reap(x, 500);
	while (x->errfd >= 0) {
		struct pollfd p = { .fd = x->errfd, .events = POLLIN, .revents = 0 };

		if (poll(&p, 1, x->reaped ? 100 : 0) <= 0 || !nc_exec_drain_stderr(x))
			break;
	}
	snprintf(orig, sizeof(orig), "%s", eg_nc_diag_reason(d));
	if ((said = eg_nc_complaint(x->errtail, x->errlen, x->prog, d)) != EG_OK)
		return said;
	eg_nc_complaint_last_line(x->errtail, x->errlen, line, sizeof(line));
	if (x->reaped && WIFEXITED(x->status))
		eg_nc_say(d, "%s (%s exited with status %d%s%s)", orig, x->prog,
			 WEXITSTATUS(x->status), line[0] ? ": " : "", line);
	else if (x->reaped && WIFSIGNALED(x->status))
		eg_nc_say(d, "%s (%s killed by signal %d)", orig, x->prog,
			 WTERMSIG(x->status));
	else if (line[0] != '\0')
		eg_nc_say(d, "%s (%s: %s)", orig, x->prog, line);
	return err;
}

const struct eg_nc_io_ops eg_nc_fd_io_ops = {
	.name = "fd",
	.read = nc_exec_fd_read,
	.write = nc_exec_fd_write,
	.explain = NULL,
	.close = nc_exec_fd_close,
};

const struct eg_nc_io_ops eg_nc_exec_io_ops = {
	.name = "exec",
	.read = nc_exec_fd_read,
	.write = nc_exec_fd_write,
	.explain = nc_exec_explain,
	.close = nc_exec_fd_close,
};

/* ---------------------------------------------------------------- argv */

void
eg_nc_exec_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Append prefix followed by arg as one argument. */
static void
nc_exec_push(char **argv, size_t *n, const char *prefix, const char *arg)
{
	argv[(*n)++] = eg_xasprintf("%s%s", prefix, arg);
	argv[*n] = NULL;
}

/*
 * The ssh argv for o: the session's ("ssh -s ... HOST netconf", with
 * "-p port" unless port is 0) or, with probe, the question put to
 * OpenSSH about its configuration for the same destination ("ssh -G
 * [-F file] [-l user] -- HOST", the arguments that select what the
 * configuration says).
 */
static char **
nc_exec_ssh_argv(const struct eg_nc_opts *o, bool probe, unsigned port)
{
	char **argv;
	char num[16];
	size_t n = 0;
	unsigned cto;

	argv = eg_xcalloc(32, sizeof(*argv));
	cto = o->connect_timeout_ms ? o->connect_timeout_ms : EG_NC_CONNECT_TIMEOUT_DEFAULT_MS;
#define PUSH(prefix, arg) nc_exec_push(argv, &n, prefix, arg)
	PUSH("", "ssh");
	PUSH("", probe ? "-G" : "-s");
	if (o->ssh_config != NULL) {
		PUSH("", "-F");
		PUSH("", o->ssh_config);
	}
	if (!probe && port != 0) {
		snprintf(num, sizeof(num), "%u", port);
		PUSH("", "-p");
		PUSH("", num);
	}
	if (o->user != NULL) {
		PUSH("", "-l");
		PUSH("", o->user);
	}
	if (!probe) {
		if (o->identity_file != NULL) {
			PUSH("", "-i");
			PUSH("", o->identity_file);
		}
		if (o->known_hosts != NULL) {
			PUSH("", "-o");
			PUSH("UserKnownHostsFile=", o->known_hosts);
		}
		PUSH("", "-o");
		PUSH("StrictHostKeyChecking=", o->accept_new_hostkey ? "accept-new" : "yes");
		PUSH("", "-o");
		snprintf(num, sizeof(num), "%u", (cto + 999) / 1000);
		PUSH("ConnectTimeout=", num);
		if (o->no_prompt || !isatty(STDIN_FILENO)) {
			PUSH("", "-o");
			PUSH("", "BatchMode=yes");
		}
	}
	PUSH("", "--");
	PUSH("", o->host);
	if (!probe)
		PUSH("", "netconf");
#undef PUSH
	return argv;
}

/*
 * Start argv (argv[0] looked up in PATH unless it holds a '/') with
 * in, out and errfd as its standard descriptors (in < 0: /dev/null),
 * every signal unblocked and those erguard may catch back to default.
 * With group, the child leads a new process group, so that ending the
 * group ends what it started too (a shell's children, ssh's ProxyJump).
 */
static eg_err
nc_exec_spawn(char *const argv[], int in, int out, int errfd, bool group, pid_t *pid,
	      struct eg_nc_diag *d)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	bool fa_init = false, attr_init = false;
	eg_err err = EG_ETRANSPORT;
	int rc;

	*pid = 0;
	/* Both fail only for want of memory. */
	if (posix_spawn_file_actions_init(&fa) != 0)
		eg_oom(__func__);
	fa_init = true;
	if (posix_spawnattr_init(&attr) != 0)
		eg_oom(__func__);
	attr_init = true;
	if (in >= 0)
		rc = posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	else
		rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (rc != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, errfd, STDERR_FILENO) != 0)
		eg_oom(__func__);	/* the descriptors are open: only memory lacks */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	if (group)
		posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
				 (group ? POSIX_SPAWN_SETPGROUP : 0));
	rc = posix_spawnp(pid, argv[0], &fa, &attr, argv, environ);
	if (rc != 0) {
		*pid = 0;
		eg_nc_say(d, "cannot run %s: %s", argv[0], strerror(rc));
		err = EG_ETRANSPORT;
		goto cleanup;
	}
	err = EG_OK;
cleanup:
	if (fa_init)
		posix_spawn_file_actions_destroy(&fa);
	if (attr_init)
		posix_spawnattr_destroy(&attr);
	return err;
}

/* The value of the "port N" line in ssh -G's output (text, len bytes), 0 if none. */
static unsigned
nc_exec_port_line(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *line = text + i, *nl = memchr(line, '\n', len - i);
		size_t ll = nl != NULL ? (size_t)(nl - line) : len - i;

		if (ll > 5 && ll < 16 && memcmp(line, "port ", 5) == 0) {
			unsigned long v = 0;
			size_t k;

			for (k = 5; k < ll && line[k] >= '0' && line[k] <= '9'; k++)
				v = v * 10 + (unsigned long)(line[k] - '0');
			if (k > 5 && (k == ll || line[k] == '\r') && v >= 1 && v <= 65535)
				return (unsigned)v;
		}
		i += ll + 1;
	}
	return 0;
}

eg_err
eg_nc_exec_config_port(const struct eg_nc_opts *o, unsigned *port, struct eg_nc_diag *d)
{
	struct eg_nc_fdio x;
	char **argv = NULL;
	char text[8192], line[256];
	size_t len = 0;
	int p[2] = { -1, -1 };
	int64_t deadline;
	unsigned cto;
	eg_err err;

	*port = 0;
	memset(&x, 0, sizeof(x));
	x.rfd = x.wfd = x.errfd = -1;
	if (o->host == NULL || o->host[0] == '\0')
		return EG_EINVAL;
	cto = o->connect_timeout_ms ? o->connect_timeout_ms : EG_NC_CONNECT_TIMEOUT_DEFAULT_MS;
	deadline = eg_nc_now_ms() + cto;
	argv = nc_exec_ssh_argv(o, true, 0);
	if (pipe2(p, O_CLOEXEC) < 0) {
		eg_nc_say(d, "cannot create a pipe: %s", strerror(errno));
		err = EG_EIO;
		goto cleanup;
	}
	/* stdout and stderr on one pipe: the port line, or the complaint. */
	if ((err = nc_exec_spawn(argv, -1, p[1], p[1], false, &x.pid, d)) != EG_OK)
		goto cleanup;
	close(p[1]);
	p[1] = -1;
	x.rfd = p[0];
	for (;;) {
		char buf[1024];
		size_t got = 0;

		err = nc_exec_fd_read(&x, buf, sizeof(buf), nc_exec_left(deadline), &got, d);
		if (err == EG_ETIMEOUT)
			eg_nc_say(d, "ssh -G gave no answer within %u ms", cto);
		if (err != EG_OK || got == 0)
			break;
		/* The port line comes early; the rest is drained, not kept. */
		if (len < sizeof(text)) {
			size_t keep = got < sizeof(text) - len ? got : sizeof(text) - len;

			memcpy(text + len, buf, keep);
			len += keep;
		}
	}
	if (!nc_exec_reap(&x, (unsigned)nc_exec_left(deadline))) {
		kill(x.pid, SIGKILL);
		nc_exec_reap(&x, 1000);
	}
	if (err != EG_OK)
		goto cleanup;
	err = EG_ETRANSPORT;
	eg_nc_complaint_last_line(text, len, line, sizeof(line));
	if (!x.reaped || !WIFEXITED(x.status) || WEXITSTATUS(x.status) != 0) {
		if (x.reaped && WIFEXITED(x.status))
			eg_nc_say(d, "ssh -G exited with status %d%s%s", WEXITSTATUS(x.status),
				 line[0] ? ": " : "", line);
		else
			eg_nc_say(d, "ssh -G did not finish%s%s", line[0] ? ": " : "", line);
		goto cleanup;
	}
	if ((*port = nc_exec_port_line(text, len)) == 0) {
		eg_nc_say(d, "ssh -G printed no port");
		goto cleanup;
	}
	err = EG_OK;
cleanup:
	if (x.rfd >= 0)
		close(x.rfd);
	if (p[1] >= 0)
		close(p[1]);
	eg_nc_exec_argv_free(argv);
	return err;
}

/*
 * The -p the default command line needs when the intent gives no port:
 * none (0) when the ssh configuration names a port for the host, so that
 * ssh applies it; else NETCONF's 830.  OpenSSH reports port 22 both for
 * "no Port" and for "Port 22", so an explicit Port 22 reads as not
 * configured: NETCONF is not served on the SSH port.
 */
static unsigned
nc_exec_default_port(const struct eg_nc_opts *o)
{
	struct eg_nc_diag d;
	unsigned port = 0;

	eg_nc_diag_init(&d, o->device);
	if (eg_nc_exec_config_port(o, &port, &d) != EG_OK) {
		eg_log(EG_LOG_INFO, o->device, "cannot read the ssh configuration's port for %s (%s); "
		       "using port %u", o->host, eg_nc_diag_reason(&d), (unsigned)EG_NC_PORT);
		return EG_NC_PORT;
	}
	if (port == 22) {
		eg_log(EG_LOG_DEBUG, o->device, "the ssh configuration gives %s no port; using port %u",
		       o->host, (unsigned)EG_NC_PORT);
		return EG_NC_PORT;
	}
	eg_log(EG_LOG_DEBUG, o->device, "the ssh configuration gives %s port %u", o->host, port);
	return 0;
}

eg_err
eg_nc_exec_argv(const struct eg_nc_opts *o, char ***out)
{
	*out = NULL;
	if (o->host == NULL || o->host[0] == '\0')
		return EG_EINVAL;
	*out = nc_exec_ssh_argv(o, false, o->port != 0 ? o->port : nc_exec_default_port(o));
	return EG_OK;
}

eg_err
eg_nc_exec_open(const struct eg_nc_opts *o, void **io, struct eg_nc_diag *d)
{
	struct eg_nc_fdio *x = NULL;
	char **argv = NULL;
	const char *shargv[4];
	int sv[2] = { -1, -1 }, ep[2] = { -1, -1 };
	eg_err err;

	*io = NULL;
	if (o->exec_command != NULL) {
		shargv[0] = "/bin/sh";
		shargv[1] = "-c";
		shargv[2] = o->exec_command;
		shargv[3] = NULL;
	} else if ((err = eg_nc_exec_argv(o, &argv)) != EG_OK) {
		eg_nc_say(d, "no host to connect to");
		return err;
	}
	if (o->password_env != NULL && o->exec_command == NULL)
		eg_log(EG_LOG_WARN, o->device, "password-env is not used by the exec transport; "
		       "ssh authenticates with the agent or keys, or asks on the terminal");
	x = eg_xcalloc(1, sizeof(*x));
	x->rfd = x->wfd = x->errfd = -1;
	snprintf(x->prog, sizeof(x->prog), "%s", argv != NULL ? "ssh" : "command");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(ep, O_CLOEXEC) < 0) {
		eg_nc_say(d, "cannot create pipes: %s", strerror(errno));
		err = EG_EIO;
		goto cleanup;
	}
	/*
	 * A group of its own, so that closing the session ends every process
	 * the command started; not while ssh may ask for a password on the
	 * terminal, which only the foreground group may read.
	 */
	x->own_group = o->no_prompt || !isatty(STDIN_FILENO);
	if ((err = nc_exec_spawn(argv != NULL ? argv : (char *const *)shargv, sv[1], sv[1], ep[1],
				    x->own_group, &x->pid, d)) != EG_OK)
		goto cleanup;
	close(sv[1]);
	close(ep[1]);
	sv[1] = ep[1] = -1;
	x->rfd = x->wfd = sv[0];
	x->wsock = true;
	x->errfd = ep[0];
	sv[0] = ep[0] = -1;
	fcntl(x->errfd, F_SETFL, fcntl(x->errfd, F_GETFL) | O_NONBLOCK);
	*io = x;
	x = NULL;
	err = EG_OK;
cleanup:
	if (sv[0] >= 0)
		close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	if (ep[0] >= 0)
		close(ep[0]);
	if (ep[1] >= 0)
		close(ep[1]);
	free(x);
	eg_nc_exec_argv_free(argv);
	return err;
}
