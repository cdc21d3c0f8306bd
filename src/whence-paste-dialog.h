/* whence-paste-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WHENCE_TYPE_PASTE_DIALOG (whence_paste_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WhencePasteDialog, whence_paste_dialog, WHENCE, PASTE_DIALOG, AdwWindow)

WhencePasteDialog *whence_paste_dialog_new (GtkWindow *parent);

G_END_DECLS
