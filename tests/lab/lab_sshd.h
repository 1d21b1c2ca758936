/*
 * lab_sshd.h - one OpenSSH sshd per lab device on 127.0.0.1.
 *
 * Each device gets its own sshd_config, ed25519 host key, port, pid file,
 * log and authorized_keys under DIR/devices/<NAME>/, and a "netconf"
 * subsystem that runs `erguard-lab serve --dir DIR --device NAME`.  No
 * system service or system file is touched (as root, the privilege
 * separation directory /run/sshd is created if it is missing, since sshd
 * refuses to start without it).  Works as root and as a normal user (then
 * only that user can log in, which is all the lab needs).
 *
 * Return convention: 0 success, -1 failure with a reason in err.
 */
#ifndef LAB_SSHD_H
#define LAB_SSHD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define LAB_SSHD_BIN "/usr/sbin/sshd"

/* Create an ed25519 key pair at path (and path.pub), replacing any. */
int lab_sshd_keygen(const char *path, const char *comment, char *err, size_t errlen);
/* The first line of path.pub (without its newline) into buf. */
int lab_sshd_pubkey(const char *keypath, char *buf, size_t size, char *err, size_t errlen);

/* A TCP port on 127.0.0.1 that nobody listens on right now. */
int lab_sshd_free_port(int *port, char *err, size_t errlen);

/*
 * Write DIR/devices/NAME/sshd_config for port, with the subsystem running
 * exe (an absolute path to erguard-lab) for user.
 */
int lab_sshd_write_config(const char *dir, const char *device, int port, const char *exe,
			  const char *user, char *err, size_t errlen);

/*
 * Start the device's sshd in the background (its own session, output to
 * DIR/devices/NAME/sshd.log) and wait until its port accepts connections,
 * at most timeout_ms.  *pid is the listener's process id.
 */
/*
 * Start argv[0] (an absolute path) detached: its own session, stdin and
 * stdout on /dev/null, stderr appended to log, no other descriptor.  Its
 * pid goes to *pid and into pidfile.  -1 with err set when it could not
 * be forked or the pid file not written (then *pid is the child's).
 */
int lab_spawn_detached(char *const argv[], const char *log, const char *pidfile, pid_t *pid,
		       char *err, size_t errlen);

int lab_sshd_start(const char *dir, const char *device, int port, int timeout_ms, pid_t *pid,
		   char *err, size_t errlen);

/* Does something accept TCP connections on 127.0.0.1:port? */
bool lab_sshd_port_open(int port);

/*
 * Stop pid and every process descended from it (sshd's per-connection
 * children and their netconf servers): TERM, wait up to timeout_ms, then
 * KILL.  Returns the number of processes still alive (0 = all gone).
 */
int lab_sshd_kill_tree(pid_t pid, int timeout_ms);

/*
 * Stop every process whose command line mentions dir (a lab's leftovers),
 * except the caller.  Returns how many are still alive afterwards.
 */
int lab_sshd_kill_mentioning(const char *dir, int timeout_ms);

#endif
