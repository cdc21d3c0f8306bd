/* whence-summary.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-arf.h"

G_BEGIN_DECLS

char *whence_summary_for_abuse_desk (const WhenceReportFacts *facts);
char *whence_summary_for_ic3        (const WhenceReportFacts *facts,
                                     const char              *headers);
char *whence_summary_for_police     (const WhenceReportFacts *facts,
                                     const char              *headers);

G_END_DECLS
