/* whence-batch-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "whence-message.h"
#include "whence-trace.h"

G_BEGIN_DECLS

#define WHENCE_TYPE_BATCH_PAGE (whence_batch_page_get_type ())

G_DECLARE_FINAL_TYPE (WhenceBatchPage, whence_batch_page, WHENCE, BATCH_PAGE, GtkWidget)

GtkWidget  *whence_batch_page_new              (void);
void        whence_batch_page_add              (WhenceBatchPage *self,
                                                WhenceMessage   *message,
                                                WhenceTrace     *trace,
                                                guint            index);
void        whence_batch_page_clear            (WhenceBatchPage *self);
void        whence_batch_page_set_progress     (WhenceBatchPage *self,
                                                guint            done,
                                                guint            total);
guint       whence_batch_page_get_n_messages   (WhenceBatchPage *self);
guint       whence_batch_page_get_n_groups     (WhenceBatchPage *self);
guint       whence_batch_page_get_n_rows_made  (WhenceBatchPage *self);
gboolean    whence_batch_page_is_settling      (WhenceBatchPage *self);
guint       whence_batch_page_get_group_size   (WhenceBatchPage *self,
                                                guint            group);
const char *whence_batch_page_get_title        (WhenceBatchPage *self);
GtkWidget  *whence_batch_page_get_message_row  (WhenceBatchPage *self,
                                                guint            index);

G_END_DECLS
