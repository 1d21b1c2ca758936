/*
 * nc_ssh.c - NETCONF over libssh: the "netconf" subsystem, port 830.
 *
 * Reads ~/.ssh/config (or the file named in the options) the way ssh
 * does for Host, HostName, Port, User, IdentityFile and ProxyJump; values
 * given explicitly (the intent's port and user) win over the file, as
 * ssh's command line does.  A ProxyJump runs OpenSSH for the hops with
 * the same file, in the written order, under the device's host-key
 * policy.  Guarantees:
 *   - the host key is checked against OpenSSH known_hosts files before
 *     any credential is offered; an unknown key is refused unless trust on
 *     first use was asked for (then it is added), a changed key or a key
 *     of another type is always refused; the message names the device,
 *     the address and the key's SHA256 fingerprint;
 *   - authentication tries the ssh-agent and key files (the intent's
 *     identity file, IdentityFile, the defaults), then a password taken
 *     from the environment variable the intent names, or asked on the
 *     terminal when stdin is one; a password never reaches argv or a log
 *     and is wiped after use;
 *   - libssh's own messages go to eg_log at debug level.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "nc.h"
#include "nc_libssh.h"
#include "util.h"

struct eg_nc_sshio {
	ssh_session ssh;
	ssh_channel ch;
};

static pthread_once_t nc_ssh_once = PTHREAD_ONCE_INIT;

static void
nc_ssh_log(int priority, const char *function, const char *buffer, void *userdata)
{
	(void)priority;
	(void)function;
	(void)userdata;
	eg_log(EG_LOG_DEBUG, "libssh", "%s", buffer);
}

static void
nc_ssh_init_once(void)
{
	ssh_init();
	ssh_set_log_callback(nc_ssh_log);
}

static void
nc_ssh_wipe(char *p, size_t n)
{
	volatile char *v = p;

	while (n-- > 0)
		*v++ = 0;
}

/*
 * Ask for a password on the controlling terminal with echo off.  Only
 * when stdin is a terminal; never through stdout.
 */
static bool
nc_ssh_prompt(const char *device, const char *user, char *buf, size_t size)
{
	struct termios old, quiet;
	FILE *tty;
	bool ok = false;
	size_t n;

	if (!isatty(STDIN_FILENO))
		return false;
	tty = fopen("/dev/tty", "r+");
	if (tty == NULL)
		return false;
	fprintf(tty, "%s: password for %s: ", device, user ? user : "(default user)");
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
		if (fgets(buf, (int)size, tty) != NULL) {
			n = strlen(buf);
			while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
				buf[--n] = '\0';
			ok = true;
		}
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		fputc('\n', tty);
	}
	fclose(tty);
	return ok;
}

/* Answer keyboard-interactive prompts with the password. */
static int
nc_ssh_kbdint(ssh_session ssh, const char *pw)
{
	int rc = ssh_userauth_kbdint(ssh, NULL, NULL);
	int rounds = 0;

	while (rc == SSH_AUTH_INFO && rounds++ < 8) {
		int i, n = ssh_userauth_kbdint_getnprompts(ssh);

		for (i = 0; i < n; i++) {
			char echo = 0;

			ssh_userauth_kbdint_getprompt(ssh, (unsigned)i, &echo);
			if (ssh_userauth_kbdint_setanswer(ssh, (unsigned)i, echo ? "" : pw) < 0)
				return SSH_AUTH_ERROR;
		}
		rc = ssh_userauth_kbdint(ssh, NULL, NULL);
	}
	return rc;
}

static eg_err
nc_ssh_auth(const struct eg_nc_opts *o, ssh_session ssh, struct eg_nc_diag *d)
{
	char *user = NULL;
	char pw[512];
	char tried[128] = "";
	char env_note[160] = "";
	bool have_pw = false;
	int methods, rc;
	eg_err err = EG_EAUTH;

	ssh_options_get(ssh, SSH_OPTIONS_USER, &user);
	/*
	 * A named identity file without a passphrase signs straight away: no
	 * "none" request and no unsigned query first, two round trips fewer.
	 * Anything else (refused, a passphrase, no such file) takes the
	 * general way below.
	 */
	if (o->identity_file != NULL) {
		ssh_key key = NULL;

		if (ssh_pki_import_privkey_file(o->identity_file, NULL, NULL, NULL, &key) == SSH_OK) {
			rc = ssh_userauth_publickey(ssh, NULL, key);
			ssh_key_free(key);
			if (rc == SSH_AUTH_SUCCESS) {
				err = EG_OK;
				goto cleanup;
			}
			if (rc == SSH_AUTH_ERROR && ssh_get_error_code(ssh) == SSH_FATAL)
				goto failed;
		}
	}
	rc = ssh_userauth_none(ssh, NULL);
	if (rc == SSH_AUTH_SUCCESS) {
		err = EG_OK;
		goto cleanup;
	}
	if (rc == SSH_AUTH_ERROR)
		goto failed;
	methods = ssh_userauth_list(ssh, NULL);
	if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
		/* Agent first, then the identity files: the intent's, IdentityFile, defaults. */
		strcat(tried, "publickey");
		rc = ssh_userauth_publickey_auto(ssh, NULL, NULL);
		if (rc == SSH_AUTH_SUCCESS) {
			err = EG_OK;
			goto cleanup;
		}
		if (rc == SSH_AUTH_ERROR)
			goto failed;
	}
	if (methods & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)) {
		if (o->password_env != NULL) {
			const char *v = eg_nc_password(o->password_env);

			if (v != NULL && strlen(v) < sizeof(pw)) {
				snprintf(pw, sizeof(pw), "%s", v);
				have_pw = true;
			} else {
				snprintf(env_note, sizeof(env_note), "; %s %s",
					 o->password_env, v == NULL ? "is not set" : "holds a password too long");
			}
		} else if (!o->no_prompt) {
			have_pw = nc_ssh_prompt(o->device ? o->device : o->host, user, pw, sizeof(pw));
		}
		if (have_pw) {
			if (methods & SSH_AUTH_METHOD_PASSWORD) {
				strcat(tried, tried[0] ? ", password" : "password");
				rc = ssh_userauth_password(ssh, NULL, pw);
				if (rc == SSH_AUTH_SUCCESS) {
					err = EG_OK;
					goto cleanup;
				}
			}
			if (methods & SSH_AUTH_METHOD_INTERACTIVE) {
				strcat(tried, tried[0] ? ", keyboard-interactive" : "keyboard-interactive");
				rc = nc_ssh_kbdint(ssh, pw);
				if (rc == SSH_AUTH_SUCCESS) {
					err = EG_OK;
					goto cleanup;
				}
			}
		}
	}
failed:
	if (rc == SSH_AUTH_ERROR && ssh_get_error_code(ssh) == SSH_FATAL) {
		eg_nc_say(d, "authentication failed: %s", ssh_get_error(ssh));
		err = EG_ETRANSPORT;
	} else {
		eg_nc_say(d, "authentication refused for user %s (tried: %s)%s",
			 user ? user : "?", tried[0] ? tried : "none the server accepts", env_note);
		err = EG_EAUTH;
	}
cleanup:
	nc_ssh_wipe(pw, sizeof(pw));
	ssh_string_free_char(user);
	return err;
}

static eg_err
nc_ssh_hostkey(const struct eg_nc_opts *o, ssh_session ssh, const char *addr,
		  struct eg_nc_diag *d)
{
	enum ssh_known_hosts_e state;
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL, *kh = NULL;
	const char *type = "?";
	eg_err err = EG_EHOSTKEY;

	if (ssh_get_server_publickey(ssh, &key) != SSH_OK) {
		eg_nc_say(d, "no host key from %s: %s", addr, ssh_get_error(ssh));
		goto cleanup;
	}
	type = ssh_key_type_to_char(ssh_key_type(key));
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) == 0)
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_options_get(ssh, SSH_OPTIONS_KNOWNHOSTS, &kh);
	state = ssh_session_is_known_server(ssh);
	switch (state) {
	case SSH_KNOWN_HOSTS_OK:
		err = EG_OK;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
		eg_nc_say(d, "host key for %s has CHANGED (now %s %s); refusing to connect; "
			 "if the change is expected, remove the old key from %s",
			 addr, type, fp ? fp : "?", kh ? kh : "known_hosts");
		break;
	case SSH_KNOWN_HOSTS_OTHER:
		eg_nc_say(d, "host key for %s is of another type than the one in %s "
			 "(offered %s %s); refusing to connect",
			 addr, kh ? kh : "known_hosts", type, fp ? fp : "?");
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (o->accept_new_hostkey) {
			if (ssh_session_update_known_hosts(ssh) != SSH_OK) {
				eg_nc_say(d, "cannot add the host key for %s to %s: %s",
					 addr, kh ? kh : "known_hosts", ssh_get_error(ssh));
				break;
			}
			eg_log(EG_LOG_WARN, o->device, "trusting new host key %s %s for %s (added to %s)",
			       type, fp ? fp : "?", addr, kh ? kh : "known_hosts");
			err = EG_OK;
			break;
		}
		eg_nc_say(d, "host key for %s is not known (%s %s); check it and add it to %s, "
			 "or allow trust on first use", addr, type, fp ? fp : "?",
			 kh ? kh : "known_hosts");
		break;
	case SSH_KNOWN_HOSTS_ERROR:
	default:
		eg_nc_say(d, "cannot check the host key for %s (%s %s): %s",
			 addr, type, fp ? fp : "?", ssh_get_error(ssh));
		break;
	}
cleanup:
	ssh_string_free_char(fp);
	ssh_string_free_char(kh);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return err;
}

/* Append s to b (size bytes, *n of them used); false when it does not fit. */
static bool
nc_ssh_cat(char *b, size_t size, size_t *n, const char *s)
{
	size_t l = strlen(s);

	if (*n + l >= size)
		return false;
	memcpy(b + *n, s, l + 1);
	*n += l;
	return true;
}

/*
 * Append s as one word for /bin/sh (single-quoted), its % doubled so
 * that libssh's expansion of ProxyCommand escapes gives it back as is.
 */
static bool
nc_ssh_cat_word(char *b, size_t size, size_t *n, const char *s)
{
	char one[2] = "";
	bool ok = nc_ssh_cat(b, size, n, "'");

	for (; ok && *s != '\0'; s++) {
		if (*s == '\'')
			ok = nc_ssh_cat(b, size, n, "'\\''");
		else if (*s == '%')
			ok = nc_ssh_cat(b, size, n, "%%");
		else {
			one[0] = *s;
			ok = nc_ssh_cat(b, size, n, one);
		}
	}
	return ok && nc_ssh_cat(b, size, n, "'");
}

/*
 * ProxyJump.  libssh 0.10 reads "ProxyJump h1,...,hn" as the ProxyCommand
 * "ssh [-l U] [-p P] [-J h2,...,hn] -W '[%h]:%p' h1": OpenSSH without the
 * configuration file the jump was read from, visiting the hops in the
 * order h2..hn, h1.  Run the hop the way ssh itself does: the same file
 * (-F), the hops in written order with the last one as the destination
 * of -W, and the device's own host-key policy, batch mode and connect
 * timeout.  libssh sends a ProxyCommand's stderr to /dev/null, so the
 * hops' goes to a new temporary file, *errpath (the caller removes it),
 * to explain a failure.  A ProxyCommand of any other shape is left as
 * written.  *via names the last hop for messages; both are "" when
 * there is no jump.
 */
static eg_err
nc_ssh_jump(const struct eg_nc_opts *o, ssh_session ssh, long timeout_s,
	       char *via, size_t vialen, char *errpath, size_t errlen)
{
	char *pc = NULL, *copy = NULL, *save = NULL, *t, *last;
	char *user = NULL, *port = NULL, *extra = NULL, *first = NULL;
	char hops[2048], cmd[12288], num[32];
	const char *tmp;
	size_t h = 0, n = 0;
	int fd;
	bool w = false, ok;
	eg_err err = EG_OK;

	via[0] = errpath[0] = '\0';
	if (ssh_options_get(ssh, SSH_OPTIONS_PROXYCOMMAND, &pc) != SSH_OK || pc == NULL)
		return EG_OK;
	copy = eg_xstrdup(pc);
	t = strtok_r(copy, " ", &save);
	if (t == NULL || strcmp(t, "ssh") != 0)
		goto cleanup;
	while ((t = strtok_r(NULL, " ", &save)) != NULL) {
		char **slot;

		if (first != NULL)
			goto cleanup;
		if (strcmp(t, "-W") == 0) {
			t = strtok_r(NULL, " ", &save);
			if (t == NULL || strcmp(t, "'[%h]:%p'") != 0)
				goto cleanup;
			w = true;
			continue;
		}
		if (w && t[0] != '-') {
			first = t;
			continue;
		}
		if (strcmp(t, "-l") == 0)
			slot = &user;
		else if (strcmp(t, "-p") == 0)
			slot = &port;
		else if (strcmp(t, "-J") == 0)
			slot = &extra;
		else
			goto cleanup;
		if ((*slot = strtok_r(NULL, " ", &save)) == NULL)
			goto cleanup;
	}
	if (first == NULL)
		goto cleanup;
	/* The hops as written: h1 with its user and port, then h2..hn. */
	ok = (user == NULL || (nc_ssh_cat(hops, sizeof(hops), &h, user) &&
			       nc_ssh_cat(hops, sizeof(hops), &h, "@"))) &&
	     (strchr(first, ':') == NULL || nc_ssh_cat(hops, sizeof(hops), &h, "[")) &&
	     nc_ssh_cat(hops, sizeof(hops), &h, first) &&
	     (strchr(first, ':') == NULL || nc_ssh_cat(hops, sizeof(hops), &h, "]")) &&
	     (port == NULL || (nc_ssh_cat(hops, sizeof(hops), &h, ":") &&
			       nc_ssh_cat(hops, sizeof(hops), &h, port))) &&
	     (extra == NULL || (nc_ssh_cat(hops, sizeof(hops), &h, ",") &&
				nc_ssh_cat(hops, sizeof(hops), &h, extra)));
	if (!ok) {
		err = EG_EINVAL;
		goto cleanup;
	}
	last = strrchr(hops, ',');
	if (last != NULL)
		*last++ = '\0';
	else
		last = hops;
	snprintf(num, sizeof(num), "%ld", timeout_s);
	ok = nc_ssh_cat(cmd, sizeof(cmd), &n, "ssh") &&
	     (o->ssh_config == NULL || (nc_ssh_cat(cmd, sizeof(cmd), &n, " -F ") &&
					nc_ssh_cat_word(cmd, sizeof(cmd), &n, o->ssh_config))) &&
	     nc_ssh_cat(cmd, sizeof(cmd), &n, o->accept_new_hostkey
			   ? " -o StrictHostKeyChecking=accept-new" : " -o StrictHostKeyChecking=yes") &&
	     (!(o->no_prompt || !isatty(STDIN_FILENO)) ||
	      nc_ssh_cat(cmd, sizeof(cmd), &n, " -o BatchMode=yes")) &&
	     nc_ssh_cat(cmd, sizeof(cmd), &n, " -o ConnectTimeout=") &&
	     nc_ssh_cat(cmd, sizeof(cmd), &n, num) &&
	     (last == hops || (nc_ssh_cat(cmd, sizeof(cmd), &n, " -J ") &&
			       nc_ssh_cat_word(cmd, sizeof(cmd), &n, hops))) &&
	     nc_ssh_cat(cmd, sizeof(cmd), &n, " -W '[%h]:%p' -- ") &&
	     /* A hop with a port is only a destination as a URI. */
	     (strchr(last, ':') == NULL || strncmp(last, "ssh://", 6) == 0 ||
	      nc_ssh_cat(cmd, sizeof(cmd), &n, "ssh://")) &&
	     nc_ssh_cat_word(cmd, sizeof(cmd), &n, last);
	if (!ok) {
		err = EG_EINVAL;
		goto cleanup;
	}
	tmp = getenv("TMPDIR");
	snprintf(errpath, errlen, "%s/erguard-jump.XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	fd = mkostemp(errpath, O_CLOEXEC);
	if (fd < 0) {
		errpath[0] = '\0';	/* no diagnosis, but the jump still works */
	} else {
		close(fd);
		if (!nc_ssh_cat(cmd, sizeof(cmd), &n, " 2>") ||
		    !nc_ssh_cat_word(cmd, sizeof(cmd), &n, errpath)) {
			err = EG_EINVAL;
			goto cleanup;
		}
	}
	if (ssh_options_set(ssh, SSH_OPTIONS_PROXYCOMMAND, cmd) < 0) {
		err = EG_EINVAL;
		goto cleanup;
	}
	snprintf(via, vialen, " through jump host %.255s", last);
cleanup:
	if (err != EG_OK && errpath[0] != '\0') {
		unlink(errpath);
		errpath[0] = '\0';
	}
	free(copy);
	ssh_string_free_char(pc);
	return err;
}

/*
 * After a failed connection to addr through a jump (libssh said e): what
 * the hops' ssh wrote to errpath (see nc_ssh_jump) names the cause.
 * Returns err, refined, and rewrites the reason in d.
 */
static eg_err
nc_ssh_jump_explain(const char *errpath, const char *addr, const char *via, const char *e,
		       eg_err err, struct eg_nc_diag *d)
{
	char buf[4096], line[256], cause[512];
	size_t n = 0;
	ssize_t r;
	eg_err said;
	int fd = open(errpath, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err;
	while (n < sizeof(buf) && (r = read(fd, buf + n, sizeof(buf) - n)) > 0)
		n += (size_t)r;
	close(fd);
	eg_nc_complaint_last_line(buf, n, line, sizeof(line));
	if (line[0] == '\0')
		return err;
	said = eg_nc_complaint(buf, n, "jump host ssh", d);
	if (said != EG_OK) {
		snprintf(cause, sizeof(cause), "%s", eg_nc_diag_reason(d));
		eg_nc_say(d, "cannot connect to %s%s: %s", addr, via, cause);
		return said;
	}
	eg_nc_say(d, "cannot connect to %s%s: %s (jump host ssh: %s)", addr, via, e, line);
	return err;
}

/*
 * Wait, until deadline (eg_nc_now_ms), for the session's socket to let a
 * non-blocking libssh call go on; false when the time is up.
 *
 * The socket leaves delayed-ACK mode before each wait.  OpenSSH's sshd
 * keeps Nagle on for a session without a terminal, so once it has sent
 * a small packet it holds the next one until the client acknowledges the
 * first; after authentication it sends its host keys and debug notes
 * before the channel confirmation, and a Linux client that has just
 * sent a request waits 40 ms before acknowledging them: a sixth of a
 * session's start on a LAN, for nothing.  Through a ProxyCommand the
 * descriptor is not a TCP socket and the option is refused harmlessly.
 */
static bool
nc_ssh_wait(ssh_session ssh, int64_t deadline)
{
	struct pollfd p = { .fd = ssh_get_fd(ssh), .events = POLLIN };
	int one = 1;

	for (;;) {
		int64_t left = deadline - eg_nc_now_ms();

		if (left <= 0)
			return false;
		if (ssh_get_poll_flags(ssh) & SSH_WRITE_PENDING)
			p.events |= POLLOUT;
		(void)setsockopt(p.fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		if (poll(&p, 1, left > INT32_MAX ? INT32_MAX : (int)left) >= 0 || errno != EINTR)
			return true;	/* a poll error shows in libssh's next call */
	}
}

/*
 * Open the session channel and start the netconf subsystem on it, each
 * step non-blocking with nc_ssh_wait between its tries.  SSH_OK, or
 * SSH_ERROR with *step naming what failed, or SSH_AGAIN at the deadline.
 */
static int
nc_ssh_subsystem(ssh_session ssh, ssh_channel ch, int64_t deadline, const char **step)
{
	int rc;

	ssh_set_blocking(ssh, 0);
	*step = "open";
	while ((rc = ssh_channel_open_session(ch)) == SSH_AGAIN && nc_ssh_wait(ssh, deadline))
		;
	if (rc == SSH_OK) {
		*step = "subsystem";
		while ((rc = ssh_channel_request_subsystem(ch, "netconf")) == SSH_AGAIN &&
		       nc_ssh_wait(ssh, deadline))
			;
	}
	ssh_set_blocking(ssh, 1);
	return rc;
}

/*
 * OpenSSH's rule for a private key: a file of ours that others may read
 * or write is refused, with OpenSSH's own words.  A missing file is left
 * to libssh to report.
 */
static bool
nc_ssh_key_perm_ok(const char *path, struct eg_nc_diag *d)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || sb.st_uid != getuid() || (sb.st_mode & 077) == 0)
		return true;
	eg_nc_say(d, "Permissions 0%3.3o for '%s' are too open: a private key must not be "
		  "accessible by others, and OpenSSH ignores it too", (unsigned)(sb.st_mode & 0777),
		  path);
	return false;
}

eg_err
eg_nc_ssh_open(const struct eg_nc_opts *o, void **io, struct eg_nc_diag *d)
{
	struct eg_nc_sshio *x = NULL;
	ssh_session ssh = NULL;
	ssh_channel ch = NULL;
	char addr[300], via[300], errpath[4096] = "", *host = NULL;
	const char *step = "open";
	unsigned cto;
	unsigned port = 0;
	int64_t started;
	long secs;
	int verb = SSH_LOG_NOLOG;
	bool no = false;
	int yes = 1;
	eg_err err = EG_ETRANSPORT;

	*io = NULL;
	if (eg_libssh_load(d) != EG_OK)
		return EG_ETRANSPORT;
	pthread_once(&nc_ssh_once, nc_ssh_init_once);
	if (o->host == NULL || o->host[0] == '\0') {
		eg_nc_say(d, "no host to connect to");
		return EG_EINVAL;
	}
	ssh = ssh_new();
	if (ssh == NULL)
		eg_oom(__func__);	/* libssh found no memory */
	cto = o->connect_timeout_ms ? o->connect_timeout_ms : EG_NC_CONNECT_TIMEOUT_DEFAULT_MS;
	secs = (long)((cto + 999) / 1000);
	port = EG_NC_PORT;
	if (ssh_options_set(ssh, SSH_OPTIONS_HOST, o->host) < 0 ||
	    ssh_options_set(ssh, SSH_OPTIONS_PORT, &port) < 0 ||
	    ssh_options_set(ssh, SSH_OPTIONS_LOG_VERBOSITY, &verb) < 0) {
		eg_nc_say(d, "bad host %s: %s", o->host, ssh_get_error(ssh));
		err = EG_EINVAL;
		goto cleanup;
	}
	/* The file first, so that what the caller says explicitly wins. */
	if (ssh_options_parse_config(ssh, o->ssh_config) < 0) {
		eg_nc_say(d, "cannot read ssh configuration %s: %s",
			 o->ssh_config ? o->ssh_config : "~/.ssh/config", ssh_get_error(ssh));
		err = EG_EINVAL;
		goto cleanup;
	}
	ssh_options_set(ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
	if (o->port != 0) {
		port = o->port;
		ssh_options_set(ssh, SSH_OPTIONS_PORT, &port);
	} else if (ssh_options_get_port(ssh, &port) == SSH_OK && port == 22) {
		/*
		 * As the exec transport must (ssh -G cannot tell "Port 22" from
		 * no Port at all), a configured Port 22 means "not configured":
		 * NETCONF's own port.  The intent's port says 22 when that is meant.
		 */
		port = EG_NC_PORT;
		ssh_options_set(ssh, SSH_OPTIONS_PORT, &port);
	}
	if (o->identity_file != NULL && !nc_ssh_key_perm_ok(o->identity_file, d)) {
		err = EG_EAUTH;
		goto cleanup;
	}
	if ((o->user != NULL && ssh_options_set(ssh, SSH_OPTIONS_USER, o->user) < 0) ||
	    (o->identity_file != NULL &&
	     ssh_options_set(ssh, SSH_OPTIONS_ADD_IDENTITY, o->identity_file) < 0) ||
	    (o->known_hosts != NULL &&
	     ssh_options_set(ssh, SSH_OPTIONS_KNOWNHOSTS, o->known_hosts) < 0) ||
	    ssh_options_set(ssh, SSH_OPTIONS_TIMEOUT, &secs) < 0 ||
	    ssh_options_set(ssh, SSH_OPTIONS_NODELAY, &yes) < 0) {
		eg_nc_say(d, "bad ssh option: %s", ssh_get_error(ssh));
		err = EG_EINVAL;
		goto cleanup;
	}
	if ((err = nc_ssh_jump(o, ssh, secs, via, sizeof(via), errpath, sizeof(errpath))) != EG_OK) {
		eg_nc_say(d, "cannot use the ProxyJump of %s", o->host);
		goto cleanup;
	}
	err = EG_ETRANSPORT;
	ssh_options_get(ssh, SSH_OPTIONS_HOST, &host);
	ssh_options_get_port(ssh, &port);
	snprintf(addr, sizeof(addr), "%s port %u", host ? host : o->host, port);
	started = eg_nc_now_ms();
	if (ssh_connect(ssh) != SSH_OK) {
		const char *e = ssh_get_error(ssh);

		eg_nc_say(d, "cannot connect to %s%s: %s", addr, via, e);
		/*
		 * libssh gives every connect failure the same code; a failure
		 * that took the whole connect timeout is that timeout.
		 */
		err = eg_nc_now_ms() - started >= secs * 1000 ? EG_ETIMEOUT : EG_ETRANSPORT;
		if (errpath[0] != '\0')
			err = nc_ssh_jump_explain(errpath, addr, via, e, err, d);
		goto cleanup;
	}
	if (errpath[0] != '\0') {
		unlink(errpath);
		errpath[0] = '\0';
	}
	if ((err = nc_ssh_hostkey(o, ssh, addr, d)) != EG_OK)
		goto cleanup;
	if ((err = nc_ssh_auth(o, ssh, d)) != EG_OK)
		goto cleanup;
	err = EG_ETRANSPORT;
	ch = ssh_channel_new(ssh);
	if (ch == NULL) {
		eg_nc_say(d, "cannot open an SSH channel to %s: %s", addr, ssh_get_error(ssh));
		goto cleanup;
	}
	switch (nc_ssh_subsystem(ssh, ch, eg_nc_now_ms() + secs * 1000, &step)) {
	case SSH_OK:
		break;
	case SSH_AGAIN:
		eg_nc_say(d, "%s did not %s within %ld s", addr,
			 step[0] == 'o' ? "open an SSH channel" : "start the netconf subsystem", secs);
		err = EG_ETIMEOUT;
		goto cleanup;
	default:
		if (step[0] == 'o')
			eg_nc_say(d, "cannot open an SSH channel to %s: %s", addr,
				 ssh_get_error(ssh));
		else
			eg_nc_say(d, "%s refused the netconf subsystem: %s", addr,
				 ssh_get_error(ssh));
		goto cleanup;
	}
	x = eg_xcalloc(1, sizeof(*x));
	x->ssh = ssh;
	x->ch = ch;
	*io = x;
	ssh_string_free_char(host);
	return EG_OK;
cleanup:
	if (errpath[0] != '\0')
		unlink(errpath);
	ssh_string_free_char(host);
	if (ch != NULL)
		ssh_channel_free(ch);
	if (ssh != NULL) {
		ssh_disconnect(ssh);
		ssh_free(ssh);
	}
	return err;
}

static eg_err
nc_ssh_read(void *io, char *buf, size_t len, int timeout_ms, size_t *got,
	       struct eg_nc_diag *d)
{
	struct eg_nc_sshio *x = io;
	uint32_t n = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	int64_t deadline = timeout_ms < 0 ? -1 : eg_nc_now_ms() + timeout_ms;
	int rc;

	*got = 0;
	for (;;) {
		int left = -1;

		if (deadline >= 0) {
			int64_t l = deadline - eg_nc_now_ms();

			left = l <= 0 ? 0 : (l > INT32_MAX ? INT32_MAX : (int)l);
		}
		/* libssh treats 0 as "do not wait"; a zero budget still looks once. */
		rc = ssh_channel_read_timeout(x->ch, buf, n, 0, left);
		if (rc == SSH_ERROR) {
			eg_nc_say(d, "SSH read failed: %s", ssh_get_error(x->ssh));
			return EG_ETRANSPORT;
		}
		if (rc > 0) {
			*got = (size_t)rc;
			return EG_OK;
		}
		if (ssh_channel_is_eof(x->ch) || !ssh_channel_is_open(x->ch))
			return EG_OK;	/* *got == 0: the server closed */
		if (left == 0 || (deadline >= 0 && eg_nc_now_ms() >= deadline))
			return EG_ETIMEOUT;
		if (rc == SSH_AGAIN || rc == 0)
			continue;
	}
}

static eg_err
nc_ssh_write(void *io, const char *buf, size_t len, int timeout_ms,
		struct eg_nc_diag *d)
{
	struct eg_nc_sshio *x = io;
	size_t off = 0;

	(void)timeout_ms;
	while (off < len) {
		uint32_t n = len - off > UINT32_MAX ? UINT32_MAX : (uint32_t)(len - off);
		int rc = ssh_channel_write(x->ch, buf + off, n);

		if (rc == SSH_ERROR || rc < 0) {
			eg_nc_say(d, "SSH write failed: %s", ssh_get_error(x->ssh));
			return EG_ETRANSPORT;
		}
		off += (size_t)rc;
	}
	return EG_OK;
}

static void
nc_ssh_close(void *io)
{
	struct eg_nc_sshio *x = io;

	if (x == NULL)
		return;
	if (x->ch != NULL) {
		if (ssh_channel_is_open(x->ch))
			ssh_channel_send_eof(x->ch);
		ssh_channel_free(x->ch);
	}
	if (x->ssh != NULL) {
		ssh_disconnect(x->ssh);
		ssh_free(x->ssh);
	}
	free(x);
}

const struct eg_nc_io_ops eg_nc_ssh_io_ops = {
	.name = "ssh",
	.read = nc_ssh_read,
	.write = nc_ssh_write,
	.explain = NULL,
	.close = nc_ssh_close,
};
