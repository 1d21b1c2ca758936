/*
 * nc_libssh.h - libssh, loaded when the first SSH session opens.
 *
 * erguard is linked without libssh: loading it with OpenSSL and Kerberos
 * at every start would cost more than an offline check of a thousand
 * routes.  nc_ssh.c includes this header after <libssh/libssh.h>; from
 * then on each libssh function it names goes through a pointer of the
 * table below, whose types are taken from libssh's own declarations, so
 * the compiler checks every call as before.
 *
 * eg_libssh_load() opens libssh.so.4 once per process (thread-safe) and
 * resolves every function; on failure it says which library or symbol
 * was missing and no pointer is used.
 */
#ifndef EG_NC_LIBSSH_H
#define EG_NC_LIBSSH_H

#include <stddef.h>

#include <libssh/libssh.h>
#include <libssh/callbacks.h>

#include "eg_err.h"

#define EG_LIBSSH_SONAME "libssh.so.4"

/* Every libssh function erguard calls. */
#define EG_LIBSSH_FUNCS(X) \
	X(ssh_init) X(ssh_set_log_callback) X(ssh_new) X(ssh_free) \
	X(ssh_options_set) X(ssh_options_get) X(ssh_options_get_port) \
	X(ssh_options_parse_config) X(ssh_connect) X(ssh_disconnect) \
	X(ssh_get_error) X(ssh_get_error_code) X(ssh_string_free_char) \
	X(ssh_get_server_publickey) X(ssh_get_publickey_hash) \
	X(ssh_get_fingerprint_hash) X(ssh_clean_pubkey_hash) X(ssh_key_type) \
	X(ssh_key_type_to_char) X(ssh_key_free) X(ssh_session_is_known_server) \
	X(ssh_session_update_known_hosts) X(ssh_userauth_none) \
	X(ssh_userauth_list) X(ssh_userauth_publickey_auto) \
	X(ssh_userauth_password) X(ssh_userauth_kbdint) \
	X(ssh_userauth_kbdint_getnprompts) X(ssh_userauth_kbdint_getprompt) \
	X(ssh_userauth_kbdint_setanswer) X(ssh_channel_new) \
	X(ssh_channel_open_session) X(ssh_channel_request_subsystem) \
	X(ssh_channel_read_timeout) X(ssh_channel_write) \
	X(ssh_channel_send_eof) X(ssh_channel_is_open) X(ssh_channel_is_eof) \
	X(ssh_channel_free) X(ssh_get_fd) X(ssh_get_poll_flags) X(ssh_set_blocking) \
	X(ssh_pki_import_privkey_file) X(ssh_userauth_publickey)

struct eg_libssh {
#define EG_LIBSSH_FIELD(f) __typeof__(f) *f;
	EG_LIBSSH_FUNCS(EG_LIBSSH_FIELD)
#undef EG_LIBSSH_FIELD
};

/* The resolved functions; valid after eg_libssh_load() returned EG_OK. */
extern struct eg_libssh eg_libssh;

struct eg_nc_diag;

/* Load libssh once; EG_ETRANSPORT with the reason in d when it cannot be. */
eg_err eg_libssh_load(struct eg_nc_diag *d);

#ifndef EG_LIBSSH_LOADER
#define ssh_init eg_libssh.ssh_init
#define ssh_set_log_callback eg_libssh.ssh_set_log_callback
#define ssh_new eg_libssh.ssh_new
#define ssh_free eg_libssh.ssh_free
#define ssh_options_set eg_libssh.ssh_options_set
#define ssh_options_get eg_libssh.ssh_options_get
#define ssh_options_get_port eg_libssh.ssh_options_get_port
#define ssh_options_parse_config eg_libssh.ssh_options_parse_config
#define ssh_connect eg_libssh.ssh_connect
#define ssh_disconnect eg_libssh.ssh_disconnect
#define ssh_get_error eg_libssh.ssh_get_error
#define ssh_get_error_code eg_libssh.ssh_get_error_code
#define ssh_string_free_char eg_libssh.ssh_string_free_char
#define ssh_get_server_publickey eg_libssh.ssh_get_server_publickey
#define ssh_get_publickey_hash eg_libssh.ssh_get_publickey_hash
#define ssh_get_fingerprint_hash eg_libssh.ssh_get_fingerprint_hash
#define ssh_clean_pubkey_hash eg_libssh.ssh_clean_pubkey_hash
#define ssh_key_type eg_libssh.ssh_key_type
#define ssh_key_type_to_char eg_libssh.ssh_key_type_to_char
#define ssh_key_free eg_libssh.ssh_key_free
#define ssh_session_is_known_server eg_libssh.ssh_session_is_known_server
#define ssh_session_update_known_hosts eg_libssh.ssh_session_update_known_hosts
#define ssh_userauth_none eg_libssh.ssh_userauth_none
#define ssh_userauth_list eg_libssh.ssh_userauth_list
#define ssh_userauth_publickey_auto eg_libssh.ssh_userauth_publickey_auto
#define ssh_userauth_password eg_libssh.ssh_userauth_password
#define ssh_userauth_kbdint eg_libssh.ssh_userauth_kbdint
#define ssh_userauth_kbdint_getnprompts eg_libssh.ssh_userauth_kbdint_getnprompts
#define ssh_userauth_kbdint_getprompt eg_libssh.ssh_userauth_kbdint_getprompt
#define ssh_userauth_kbdint_setanswer eg_libssh.ssh_userauth_kbdint_setanswer
#define ssh_channel_new eg_libssh.ssh_channel_new
#define ssh_channel_open_session eg_libssh.ssh_channel_open_session
#define ssh_channel_request_subsystem eg_libssh.ssh_channel_request_subsystem
#define ssh_channel_read_timeout eg_libssh.ssh_channel_read_timeout
#define ssh_channel_write eg_libssh.ssh_channel_write
#define ssh_channel_send_eof eg_libssh.ssh_channel_send_eof
#define ssh_channel_is_open eg_libssh.ssh_channel_is_open
#define ssh_channel_is_eof eg_libssh.ssh_channel_is_eof
#define ssh_channel_free eg_libssh.ssh_channel_free
#define ssh_get_fd eg_libssh.ssh_get_fd
#define ssh_get_poll_flags eg_libssh.ssh_get_poll_flags
#define ssh_set_blocking eg_libssh.ssh_set_blocking
#define ssh_pki_import_privkey_file eg_libssh.ssh_pki_import_privkey_file
#define ssh_userauth_publickey eg_libssh.ssh_userauth_publickey
#endif

#endif
