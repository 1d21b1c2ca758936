/*
 * nc_lib_module.h - the YANG modules libnetconf2 carries inside itself.
 *
 * libnetconf2 2.0 compiles ietf-netconf and its companions into its
 * shared object as strings and installs them in a context only for its
 * own sessions.  A test that builds a context by hand (a client or a
 * server made with libnetconf2) reads them from the library file it is
 * linked with, so the modules always match that library.  Used by
 * tests/unit/test_nc_interop.c and tests/lab/tests/nc_client.c, which
 * compile nc_lib_module.c (no other dependency) beside them.
 */
#ifndef NC_LIB_MODULE_H
#define NC_LIB_MODULE_H

/*
 * The text of module name ("module NAME {" up to its terminating NUL) in
 * the shared object that holds sym; caller frees.  NULL when not found.
 */
char *nc_lib_module(const void *sym, const char *name);

#endif
