/* whence-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WHENCE_ERROR (whence_error_quark ())

/**
 * WhenceError:
 *
 * Every failure Whence reports to a person. The messages attached to these
 * errors are plain, translated sentences; the codes map one to one to the
 * `error.code` strings of the command-line JSON contract.
 */
typedef enum
{
  WHENCE_ERROR_FAILED,
  WHENCE_ERROR_EMPTY,
  WHENCE_ERROR_NOT_AN_EMAIL,
  WHENCE_ERROR_TOO_LARGE,
  WHENCE_ERROR_UNREADABLE,
  WHENCE_ERROR_LIMIT,
  WHENCE_ERROR_OFFLINE,
  WHENCE_ERROR_LOOKUP,
  WHENCE_ERROR_DECLINED,
  WHENCE_ERROR_CASE_FILE,
} WhenceError;

GQuark       whence_error_quark     (void);
const char  *whence_error_code_name (const GError *error);

G_END_DECLS
