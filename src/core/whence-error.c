/* whence-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-error"

#include "config.h"

#include <gio/gio.h>

#include "whence-error.h"

G_DEFINE_QUARK (whence-error-quark, whence_error)

/**
 * whence_error_code_name:
 * @error: a #GError, from any domain
 *
 * Returns: the stable, machine-readable name used in `whence trace --json`
 *   ("not-an-email", "too-large", …). Errors from other domains map to the
 *   nearest meaning so scripts never see an unknown code.
 */
const char *
whence_error_code_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, "failed");

  if (error->domain == WHENCE_ERROR)
    {
      switch ((WhenceError) error->code)
        {
        case WHENCE_ERROR_EMPTY:        return "empty";
        case WHENCE_ERROR_NOT_AN_EMAIL: return "not-an-email";
        case WHENCE_ERROR_TOO_LARGE:    return "too-large";
        case WHENCE_ERROR_UNREADABLE:   return "unreadable";
        case WHENCE_ERROR_LIMIT:        return "limit";
        case WHENCE_ERROR_OFFLINE:      return "offline";
        case WHENCE_ERROR_LOOKUP:       return "lookup-failed";
        case WHENCE_ERROR_DECLINED:     return "declined";
        case WHENCE_ERROR_CASE_FILE:    return "case-file";
        case WHENCE_ERROR_FAILED:
        default:                        return "failed";
        }
    }

  if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR)
    return "unreadable";

  return "failed";
}
