/* fuzz-header-block.c
 *
 * libFuzzer harness: the header splitter against GMime's own parser on the
 * same bytes. Wherever the splitter says yes, it must say what GMime says;
 * any difference aborts, and libFuzzer keeps the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "header-block-gmime.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *why = NULL;

  fuzz_init ();

  if (header_block_compare_with_gmime ((const char *) data, size, &why) == HEADER_BLOCK_DIFFERS)
    g_error ("the header splitter differs from GMime: %s", why);

  return 0;
}
