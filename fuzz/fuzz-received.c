/* fuzz-received.c
 *
 * libFuzzer harness: the Received-header parser alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "whence-received.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(WhenceReceived) received = NULL;

  fuzz_init ();

  text = fuzz_string (data, size);
  received = whence_received_parse (text);
  if (received != NULL)
    {
      const char *fields[] = { received->ip, received->rdns, received->helo, received->by,
                               received->ident, received->envfrom, received->id, received->auth };

      /* "" when absent, never NULL: the contract. */
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (fields[i] == NULL)
          abort ();
    }

  return 0;
}
