/* whence-trace-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-analysis.h"
#include "whence-message.h"
#include "whence-trace.h"

G_BEGIN_DECLS

char *whence_trace_format_text (WhenceMessage  *message,
                                WhenceTrace    *trace,
                                WhenceAnalysis *analysis);

G_END_DECLS
