/* header-block-gmime.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HEADER_BLOCK_LEFT_TO_GMIME,  /* the splitter declined */
  HEADER_BLOCK_AGREES,         /* it split, exactly as GMime */
  HEADER_BLOCK_DIFFERS,        /* it split, not as GMime: a bug */
} HeaderBlockVerdict;

HeaderBlockVerdict header_block_compare_with_gmime (const char  *data,
                                                    gsize        len,
                                                    char       **why);

G_END_DECLS
