/*
 * lab_relay.c - the lab's wide-area link: a delaying TCP relay in front
 * of every device's sshd (see lab_relay.h).
 */
#include "lab_relay.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lab_fault.h"

#define LAB_RELAY_READ (64u * 1024)		/* one read, one timestamped segment */
#define LAB_RELAY_QUEUE_MAX (8u << 20)		/* bytes in flight per direction */
#define LAB_RELAY_FAULT_CHECK_US 100000		/* how often a device's faults are looked at */
#define LAB_RELAY_ALIVE_CHECK_US 1000000
#define LAB_RELAY_ORPHAN_CHECKS 5		/* checks without a live sshd before leaving */
#define LAB_RELAY_MAX_S (24 * 3600)

/* Bytes read at one time, to be written at due_us. */
struct lab_relay_seg {
	struct lab_relay_seg *next;
	int64_t due_us;
	size_t len, off;
	bool eof;		/* end of stream: half-close the other side */
	char data[];
};

/* One direction of a connection: from fd[k] to fd[1 - k]. */
struct lab_relay_dir {
	struct lab_relay_seg *head, *tail;
	size_t queued;
	int64_t link_free_us;	/* the capped link is busy until then */
	bool read_eof;		/* the source ended (an eof segment is queued) */
	bool done;		/* the eof segment was delivered */
};

struct lab_relay_conn {
	struct lab_relay_conn *next;
	size_t dev;
	int fd[2];		/* 0: the client, 1: the sshd */
	struct lab_relay_dir d[2];	/* d[0]: client to sshd, d[1]: sshd to client */
	bool dead;
	int last;		/* direction of the last read, -1: none yet */
	unsigned flights[2];	/* runs of reads in one direction */
	uint64_t bytes[2];
	int64_t start_us;
};

struct lab_relay_dev {
	const char *name;
	int lfd;
	int port;
	int latency_ms;		/* the device's latency fault, -1: none */
	int64_t checked_us;	/* faults last looked at */
	struct timespec faults_mtime;
	off_t faults_size;
};

struct lab_relay {
	int rtt_ms;
	double mbit;
	struct lab_relay_dev *devs;
	size_t ndevs;
	const char *dir;
	struct lab_relay_conn *conns;
	bool trace;		/* LAB_RELAY_TRACE set: log every read */
};

static int64_t
lab_relay_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct lab_relay *
lab_relay_new(int rtt_ms, double mbit)
{
	struct lab_relay *r = calloc(1, sizeof(*r));

	if (r != NULL) {
		r->rtt_ms = rtt_ms;
		r->mbit = mbit;
	}
	return r;
}

void
lab_relay_free(struct lab_relay *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->ndevs; i++)
		if (r->devs[i].lfd >= 0)
			close(r->devs[i].lfd);
	free(r->devs);
	free(r);
}

int
lab_relay_add(struct lab_relay *r, const char *device, int *port, char *err, size_t errlen)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	struct lab_relay_dev *nd;
	int fd, one = 1;

	nd = realloc(r->devs, (r->ndevs + 1) * sizeof(*nd));
	if (nd == NULL) {
		snprintf(err, errlen, "relay: out of memory");
		return -1;
	}
	r->devs = nd;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 128) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
		snprintf(err, errlen, "relay for %s: cannot listen on 127.0.0.1: %s", device,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(&r->devs[r->ndevs], 0, sizeof(r->devs[0]));
	r->devs[r->ndevs].name = device;
	r->devs[r->ndevs].lfd = fd;
	r->devs[r->ndevs].port = ntohs(a.sin_port);
	r->devs[r->ndevs].latency_ms = -1;
	r->ndevs++;
	*port = ntohs(a.sin_port);
	return 0;
}

/* ------------------------------------------------------------------ the running relay */

long
lab_read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* Look at the device's latency fault again when its faults file changed. */
static void
lab_relay_check_faults(struct lab_relay *r, struct lab_relay_dev *d, int64_t now)
{
	char path[PATH_MAX];
	struct stat st;
	int ms;

	if (now - d->checked_us < LAB_RELAY_FAULT_CHECK_US)
		return;
	d->checked_us = now;
	snprintf(path, sizeof(path), "%s/devices/%s/faults", r->dir, d->name);
	if (stat(path, &st) != 0) {
		d->latency_ms = -1;
		d->faults_size = -1;
		return;
	}
	if (st.st_size == d->faults_size && st.st_mtim.tv_sec == d->faults_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == d->faults_mtime.tv_nsec)
		return;
	d->faults_size = st.st_size;
	d->faults_mtime = st.st_mtim;
	d->latency_ms = lab_fault_latency(r->dir, d->name, &ms) == 1 ? ms : -1;
}

static int
lab_relay_rtt(const struct lab_relay *r, const struct lab_relay_dev *d)
{
	return d->latency_ms >= 0 ? d->latency_ms : r->rtt_ms;
}

/* Queue what was read (len bytes, or the end of stream) for delivery. */
static bool
lab_relay_queue(struct lab_relay *r, struct lab_relay_dir *dir, const struct lab_relay_dev *d,
		const char *buf, size_t len, int64_t now)
{
	struct lab_relay_seg *s = malloc(sizeof(*s) + len);
	int64_t sent = now;

	if (s == NULL)
		return false;
	memcpy(s->data, buf, len);
	s->len = len;
	s->off = 0;
	s->eof = len == 0;
	s->next = NULL;
	if (r->mbit > 0 && len > 0) {
		/* the bytes leave once the link is free, at the link's rate */
		if (dir->link_free_us > sent)
			sent = dir->link_free_us;
		sent += (int64_t)((double)len * 8.0 / r->mbit);
		dir->link_free_us = sent;
	}
	s->due_us = sent + (int64_t)lab_relay_rtt(r, d) * 500;
	/* a shorter delay set meanwhile never overtakes what is queued */
	if (dir->tail != NULL && s->due_us < dir->tail->due_us)
		s->due_us = dir->tail->due_us;
	if (dir->tail != NULL)
		dir->tail->next = s;
	else
		dir->head = s;
	dir->tail = s;
	dir->queued += len;
	return true;
}

static void
lab_relay_conn_free(struct lab_relay_conn *c)
{
	for (int k = 0; k < 2; k++) {
		struct lab_relay_seg *s = c->d[k].head, *n;

		for (; s != NULL; s = n) {
			n = s->next;
			free(s);
		}
		if (c->fd[k] >= 0)
			close(c->fd[k]);
	}
	free(c);
}

/* A new client on device i: connect to the sshd, or drop the client. */
static void
lab_relay_accept(struct lab_relay *r, size_t i, int64_t now)
{
	struct lab_relay_dev *d = &r->devs[i];
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct lab_relay_conn *c;
	char path[PATH_MAX];
	int cfd, sfd, one = 1;
	long port;

	cfd = accept4(d->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (cfd < 0)
		return;
	snprintf(path, sizeof(path), "%s/devices/%s/sshd.port", r->dir, d->name);
	port = lab_read_long(path);
	sfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a.sin_port = htons((uint16_t)port);
	/* loopback: the connect completes or is refused at once */
	if (port <= 0 || port > 65535 || sfd < 0 ||
	    connect(sfd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    fcntl(sfd, F_SETFL, O_NONBLOCK) != 0 || (c = calloc(1, sizeof(*c))) == NULL) {
		fprintf(stderr, "%s: cannot reach the sshd on port %ld: %s\n", d->name, port,
			strerror(errno));
		if (sfd >= 0)
			close(sfd);
		close(cfd);
		return;
	}
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->dev = i;
	c->last = -1;
	c->start_us = now;
	c->fd[0] = cfd;
	c->fd[1] = sfd;
	c->next = r->conns;
	r->conns = c;
	d->checked_us = 0;
	lab_relay_check_faults(r, d, now);
}

/* Read from c->fd[k] into direction k's queue. */
static void
lab_relay_read(struct lab_relay *r, struct lab_relay_conn *c, int k, int64_t now)
{
	static char buf[LAB_RELAY_READ];
	struct lab_relay_dir *dir = &c->d[k];
	struct lab_relay_dev *d = &r->devs[c->dev];
	ssize_t n;

	lab_relay_check_faults(r, d, now);
	n = read(c->fd[k], buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		/* end of stream or a reset: passed on after what came before */
		dir->read_eof = true;
		if (!lab_relay_queue(r, dir, d, NULL, 0, now))
			c->dead = true;
		return;
	}
	/* a run of reads one way, after the other way spoke, is one flight */
	if (c->last != k) {
		c->flights[k]++;
		c->last = k;
	}
	c->bytes[k] += (uint64_t)n;
	if (r->trace)
		fprintf(stderr, "%s: +%lld ms %s %zd bytes\n", d->name,
			(long long)((now - c->start_us) / 1000), k == 0 ? "up" : "down", n);
	if (!lab_relay_queue(r, dir, d, buf, (size_t)n, now))
		c->dead = true;
}

/* Write what is due in direction k; returns false when blocked on the socket. */
static bool
lab_relay_deliver(struct lab_relay_conn *c, int k, int64_t now)
{
	struct lab_relay_dir *dir = &c->d[k];
	int to = c->fd[1 - k];

	while (dir->head != NULL && dir->head->due_us <= now) {
		struct lab_relay_seg *s = dir->head;

		if (s->eof) {
			shutdown(to, SHUT_WR);
			dir->done = true;
		} else {
			ssize_t n = write(to, s->data + s->off, s->len - s->off);

			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return false;
			if (n < 0) {
				c->dead = true;	/* the other side is gone: so is the connection */
				return true;
			}
			s->off += (size_t)n;
			if (s->off < s->len)
				return false;
			dir->queued -= s->len;
		}
		dir->head = s->next;
		if (dir->head == NULL)
			dir->tail = NULL;
		free(s);
	}
	return true;
}

/* Is any of the lab's sshd's alive? */
static bool
lab_relay_lab_alive(const struct lab_relay *r)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < r->ndevs; i++) {
		long pid;

		snprintf(path, sizeof(path), "%s/devices/%s/sshd.pid", r->dir, r->devs[i].name);
		pid = lab_read_long(path);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			return true;
	}
	return false;
}

static void
lab_relay_run(struct lab_relay *r, const char *pidfile)
{
	int64_t start = lab_relay_now_us(), alive_at = 0;
	struct pollfd *pf = NULL;
	struct lab_relay_conn **of = NULL;	/* the connection of each pollfd */
	size_t pcap = 0;
	int orphan = 0;

	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int64_t now = lab_relay_now_us(), wake = -1;
		size_t np = 0, nconn = 0;
		struct lab_relay_conn *c, **pc;
		int timeout, rc;

		if (now - alive_at >= LAB_RELAY_ALIVE_CHECK_US) {
			alive_at = now;
			if (lab_read_long(pidfile) != (long)getpid() ||
			    now - start > (int64_t)LAB_RELAY_MAX_S * 1000000)
				break;
			orphan = lab_relay_lab_alive(r) ? 0 : orphan + 1;
			if (orphan >= LAB_RELAY_ORPHAN_CHECKS)
				break;
		}
		/* deliver what is due, drop finished connections */
		for (pc = &r->conns; (c = *pc) != NULL; ) {
			for (int k = 0; k < 2; k++)
				if (!c->dead)
					lab_relay_deliver(c, k, now);
			if (c->dead || (c->d[0].done && c->d[1].done)) {
				/* one line per connection: what make bench counts round trips from */
				fprintf(stderr, "%s: connection of %lld ms, round trip %d ms: %u client "
					"flights, %u server flights, %llu bytes up, %llu down\n",
					r->devs[c->dev].name, (long long)((now - c->start_us) / 1000),
					lab_relay_rtt(r, &r->devs[c->dev]), c->flights[0], c->flights[1],
					(unsigned long long)c->bytes[0], (unsigned long long)c->bytes[1]);
				*pc = c->next;
				lab_relay_conn_free(c);
				continue;
			}
			nconn++;
			pc = &c->next;
		}
		if (pcap < r->ndevs + 2 * nconn) {
			struct pollfd *n = realloc(pf, (r->ndevs + 2 * nconn) * sizeof(*pf));
			struct lab_relay_conn **m = realloc(of, (r->ndevs + 2 * nconn) * sizeof(*of));
			if (n != NULL)
				pf = n;
			if (m != NULL)
				of = m;
			if (n == NULL || m == NULL)
				break;
			pcap = r->ndevs + 2 * nconn;
		}
		for (size_t i = 0; i < r->ndevs; i++) {
			of[np] = NULL;
			pf[np++] = (struct pollfd){ .fd = r->devs[i].lfd, .events = POLLIN };
		}
		for (c = r->conns; c != NULL; c = c->next) {
			for (int k = 0; k < 2; k++) {
				struct pollfd *p = &pf[np];

				of[np++] = c;
				*p = (struct pollfd){ .fd = c->fd[k], .events = 0 };
				/* read from k while its queue has room */
				if (!c->d[k].read_eof && c->d[k].queued < LAB_RELAY_QUEUE_MAX)
					p->events |= POLLIN;
				/* write to k what the other direction has due */
				if (c->d[1 - k].head != NULL) {
					if (c->d[1 - k].head->due_us <= now)
						p->events |= POLLOUT;
					else if (wake < 0 || c->d[1 - k].head->due_us < wake)
						wake = c->d[1 - k].head->due_us;
				}
				/* a socket waited on for nothing must not wake us with its hang-up */
				if (p->events == 0)
					p->fd = -1;
			}
		}
		timeout = LAB_RELAY_ALIVE_CHECK_US / 1000;
		if (wake >= 0) {
			int64_t ms = (wake - now + 999) / 1000;
			if (ms < timeout)
				timeout = ms < 0 ? 0 : (int)ms;
		}
		rc = poll(pf, np, timeout);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc <= 0)
			continue;
		now = lab_relay_now_us();
		for (size_t i = 0; i < np; i++) {
			int k;

			if (pf[i].fd < 0 || pf[i].revents == 0)
				continue;
			if (i < r->ndevs) {
				lab_relay_accept(r, i, now);
				continue;
			}
			c = of[i];
			k = (int)((i - r->ndevs) % 2);
			if (!c->dead && (pf[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    !c->d[k].read_eof && c->d[k].queued < LAB_RELAY_QUEUE_MAX)
				lab_relay_read(r, c, k, now);
		}
	}
	free(pf);
	free(of);
}

int
lab_relay_start(struct lab_relay *r, const char *dir, pid_t *pid, char *err, size_t errlen)
{
	char pidfile[PATH_MAX], log[PATH_MAX];
	pid_t p;
	FILE *f;

	snprintf(pidfile, sizeof(pidfile), "%s/relay.pid", dir);
	snprintf(log, sizeof(log), "%s/relay.log", dir);
	fflush(NULL);
	p = fork();
	if (p < 0) {
		snprintf(err, errlen, "relay: fork: %s", strerror(errno));
		return -1;
	}
	if (p == 0) {
		int null = open("/dev/null", O_RDWR), lg = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		long maxfd = sysconf(_SC_OPEN_MAX);

		setsid();
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		if (lg >= 0)
			dup2(lg, 2);
		/* keep nothing of the caller's but the listening sockets */
		for (long fd = 3; fd < (maxfd > 0 && maxfd < 65536 ? maxfd : 65536); fd++) {
			bool keep = false;

			for (size_t i = 0; i < r->ndevs && !keep; i++)
				keep = r->devs[i].lfd == fd;
			if (!keep)
				close((int)fd);
		}
		r->dir = dir;
		r->trace = getenv("LAB_RELAY_TRACE") != NULL;
		/* up writes the pid file; wait for it so the first check sees it */
		for (int i = 0; i < 200 && lab_read_long(pidfile) != (long)getpid(); i++)
			usleep(10000);
		lab_relay_run(r, pidfile);
		_exit(0);
	}
	*pid = p;
	if ((f = fopen(pidfile, "w")) == NULL || fprintf(f, "%ld\n", (long)p) < 0 || fclose(f) != 0) {
		snprintf(err, errlen, "%s: cannot write", pidfile);
		return -1;
	}
	for (size_t i = 0; i < r->ndevs; i++) {
		close(r->devs[i].lfd);
		r->devs[i].lfd = -1;
	}
	return 0;
}
