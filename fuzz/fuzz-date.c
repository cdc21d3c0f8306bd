/* fuzz-date.c
 *
 * libFuzzer harness: the date parser alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "whence-date.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  gint64 seconds = 0;

  fuzz_init ();

  text = fuzz_string (data, size);
  if (whence_date_parse (text, &seconds))
    {
      /* A date that parses is one GLib can represent. */
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (seconds);

      if (date == NULL)
        abort ();
    }

  return 0;
}
