/* fuzz-common.h
 *
 * Shared set-up of the libFuzzer harnesses: any GLib warning or critical is
 * a bug found, so it aborts and libFuzzer keeps the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "whence-message.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static inline void
fuzz_init (void)
{
  static gboolean done = FALSE;

  if (done)
    return;
  done = TRUE;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  g_setenv ("TZ", "UTC", TRUE);
  whence_core_init ();
}

/* A NUL-terminated copy, for the APIs that take C strings. */
static inline char *
fuzz_string (const uint8_t *data,
             size_t         size)
{
  char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';

  return text;
}
