/*
 * nc_password.c - passwords named by an environment variable (an intent's
 * ssh password-env).
 *
 * Guarantees: a variable taken (eg_nc_password_take) is gone from the
 * environment, so no child process erguard spawns inherits it; its value
 * stays in memory for the devices that name it.  Nothing here logs.
 */
#include <stdlib.h>
#include <string.h>

#include "nc.h"
#include "util.h"

/*
 * Passwords taken from the environment (eg_nc_password_take), by
 * variable name.  Written before threads start, only read afterwards.
 */
#define NC_PASSWORDS 32
static struct nc_password {
	char *name;
	char *value;
} nc_passwords[NC_PASSWORDS];

void
eg_nc_password_take(const char *name)
{
	const char *v;
	size_t i;

	if (name == NULL)
		return;
	for (i = 0; i < NC_PASSWORDS && nc_passwords[i].name != NULL; i++)
		if (strcmp(nc_passwords[i].name, name) == 0)
			return;
	if (i == NC_PASSWORDS || (v = getenv(name)) == NULL)
		return;
	nc_passwords[i].name = eg_xstrdup(name);
	nc_passwords[i].value = eg_xstrdup(v);
	unsetenv(name);
}

const char *
eg_nc_password(const char *name)
{
	size_t i;

	for (i = 0; i < NC_PASSWORDS && nc_passwords[i].name != NULL; i++)
		if (strcmp(nc_passwords[i].name, name) == 0)
			return nc_passwords[i].value;
	return getenv(name);
}
