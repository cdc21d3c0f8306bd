/* whence-deadline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * WhenceDeadline:
 * @cancellable: what to hand the network call
 * @timed_out: %TRUE once the time ran out (as opposed to the caller cancelling)
 *
 * A cancellable for one network operation, cancelled when the caller's
 * cancellable is or when the time is up. Lives inside the operation's task
 * data; whence_deadline_clear() when that is freed.
 */
typedef struct
{
  GCancellable *cancellable;
  gboolean      timed_out;
  /*< private >*/
  GCancellable *parent;
  gulong        parent_handler;
  GSource      *source;
} WhenceDeadline;

void whence_deadline_start (WhenceDeadline *self,
                            GCancellable   *parent,
                            guint           timeout_ms);
void whence_deadline_clear (WhenceDeadline *self);

G_END_DECLS
