/* whence-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WHENCE_TYPE_APPLICATION (whence_application_get_type ())

G_DECLARE_FINAL_TYPE (WhenceApplication, whence_application, WHENCE, APPLICATION, AdwApplication)

WhenceApplication *whence_application_new (void);

G_END_DECLS
