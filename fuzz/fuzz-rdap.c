/* fuzz-rdap.c
 *
 * libFuzzer harness: the RDAP JSON reader, on what a hostile server sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "whence-rdap.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(WhenceRdapNetwork) network = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  network = whence_rdap_parse_data ((const char *) data, size, &error);
  if (network == NULL && error == NULL)
    abort ();

  return 0;
}
