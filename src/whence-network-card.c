/* whence-network-card.c
 *
 * "Who runs this computer": asks before anything leaves the computer, shows
 * that it is working, what it found, or why it found nothing. The card does
 * not look anything up itself: it emits ::lookup-requested and its owner
 * calls the core lookup, then set_result() or set_failed().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-network-card"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "whence-network-card.h"
#include "whence-ui-util.h"

struct _WhenceNetworkCard
{
  GtkWidget               parent_instance;

  AdwPreferencesGroup    *group;
  GtkStack               *stack;
  GtkLabel               *ask_label;
  GtkCheckButton         *always_check;
  GtkSpinner             *spinner;
  GtkLabel               *working_label;
  AdwActionRow           *network_row;
  AdwActionRow           *country_row;
  AdwActionRow           *abuse_row;
  AdwActionRow           *fetched_row;
  GtkLabel               *message_label;
  GtkButton              *retry_button;

  GSettings              *settings;
  char                   *address;
  char                   *abuse_address;
  WhenceNetworkCardState  state;
};

G_DEFINE_FINAL_TYPE (WhenceNetworkCard, whence_network_card, GTK_TYPE_WIDGET)

enum {
  LOOKUP_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * whence_country_name:
 * @code: ISO 3166 two-letter code
 *
 * The country's name in the person's language, from the iso-codes data every
 * GNOME system carries; the code itself when that is missing.
 *
 * Returns: (transfer full) (nullable): %NULL when @code is empty
 */
char *
whence_country_name (const char *code)
{
  static JsonParser *parser = NULL;
  static gboolean tried = FALSE;
  JsonNode *root;
  JsonArray *countries;

  if (code == NULL || *code == '\0')
    return NULL;

  if (!tried)
    {
      const char * const *dirs = g_get_system_data_dirs ();

      tried = TRUE;
      for (guint i = 0; dirs[i] != NULL && parser == NULL; i++)
        {
          g_autofree char *path = g_build_filename (dirs[i], "iso-codes", "json", "iso_3166-1.json", NULL);
          g_autoptr(JsonParser) candidate = json_parser_new ();

          if (json_parser_load_from_file (candidate, path, NULL))
            parser = g_steal_pointer (&candidate);
        }
    }

  root = parser != NULL ? json_parser_get_root (parser) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_ascii_strup (code, -1);

  countries = json_object_get_array_member (json_node_get_object (root), "3166-1");
  for (guint i = 0; countries != NULL && i < json_array_get_length (countries); i++)
    {
      JsonObject *country = json_array_get_object_element (countries, i);
      const char *alpha2 = json_object_get_string_member_with_default (country, "alpha_2", "");
      const char *name;

      if (g_ascii_strcasecmp (alpha2, code) != 0)
        continue;

      name = json_object_get_string_member_with_default (country, "common_name", NULL);
      if (name == NULL)
        name = json_object_get_string_member_with_default (country, "name", alpha2);
      return g_strdup (g_dgettext ("iso_3166-1", name));
    }

  return g_ascii_strup (code, -1);
}

static void
show_message (WhenceNetworkCard      *self,
              WhenceNetworkCardState  state,
              const char             *text,
              const char             *button_label)
{
  self->state = state;
  gtk_label_set_label (self->message_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), button_label != NULL);
  if (button_label != NULL)
    {
      /* GTK 4.8 would read the mnemonic underscore out loud. */
      g_autoptr(GString) plain = g_string_new (button_label);

      g_string_replace (plain, "_", "", 0);
      gtk_button_set_label (self->retry_button, button_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
show_ask (WhenceNetworkCard *self)
{
  g_autofree char *text = NULL;

  /* Translators: %s is an internet address such as 203.0.113.5 */
  text = g_strdup_printf (_("Whence can look up who runs the computer that sent this. Only its "
                            "internet address, %s, is sent to the internet registry. Your email "
                            "never leaves this computer."), self->address);
  self->state = WHENCE_NETWORK_CARD_ASK;
  gtk_label_set_label (self->ask_label, text);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "ask");
}

/**
 * whence_network_card_request:
 *
 * Starts a lookup now, as if the person had pressed "Look Up".
 */
void
whence_network_card_request (WhenceNetworkCard *self)
{
  g_return_if_fail (WHENCE_IS_NETWORK_CARD (self));

  if (self->address == NULL)
    return;

  whence_network_card_set_working (self);
  g_signal_emit (self, signals[LOOKUP_REQUESTED], 0, self->address);
}

/**
 * whence_network_card_set_address:
 * @ip: (nullable): the sending computer's address
 *
 * Asks, looks up or explains, as the `online-lookups` setting says.
 */
void
whence_network_card_set_address (WhenceNetworkCard *self,
                                 const char        *ip)
{
  g_autofree char *mode = NULL;

  g_return_if_fail (WHENCE_IS_NETWORK_CARD (self));

  g_clear_pointer (&self->address, g_free);
  if (ip == NULL || *ip == '\0')
    {
      show_message (self, WHENCE_NETWORK_CARD_NO_ADDRESS,
                    _("Whence could not find the internet address of the computer that sent this "
                      "email, so there is nothing to look up."), NULL);
      return;
    }

  self->address = g_strdup (ip);
  mode = self->settings != NULL ? g_settings_get_string (self->settings, "online-lookups") : g_strdup ("ask");

  if (g_str_equal (mode, "always"))
    whence_network_card_request (self);
  else if (g_str_equal (mode, "never"))
    show_message (self, WHENCE_NETWORK_CARD_NEVER,
                  _("Looking things up on the internet is turned off, so Whence cannot say who runs "
                    "this computer. Nothing was sent."), _("_Look Up Once"));
  else
    show_ask (self);
}

const char *
whence_network_card_get_address (WhenceNetworkCard *self)
{
  g_return_val_if_fail (WHENCE_IS_NETWORK_CARD (self), NULL);
  return self->address;
}

WhenceNetworkCardState
whence_network_card_get_state (WhenceNetworkCard *self)
{
  g_return_val_if_fail (WHENCE_IS_NETWORK_CARD (self), WHENCE_NETWORK_CARD_NO_ADDRESS);
  return self->state;
}

void
whence_network_card_set_working (WhenceNetworkCard *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (WHENCE_IS_NETWORK_CARD (self));

  /* Translators: %s is an internet address */
  text = g_strdup_printf (_("Looking up who runs %s…"), self->address != NULL ? self->address : "");
  self->state = WHENCE_NETWORK_CARD_WORKING;
  gtk_label_set_label (self->working_label, text);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "working");
}

static void
set_row (AdwActionRow *row,
         const char   *value,
         const char   *fallback)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL && *value != '\0' ? value : fallback, -1);

  /* The answer is what a person reads; what it is comes second. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
}

/**
 * whence_network_card_set_result:
 * @network: (nullable): the network's name
 * @country_code: (nullable): ISO 3166 two letters
 * @abuse_address: (nullable): where to report abuse
 * @age: (nullable): "Looked up just now", "Looked up on 3 May 2026"
 */
void
whence_network_card_set_result (WhenceNetworkCard *self,
                                const char        *network,
                                const char        *country_code,
                                const char        *abuse_address,
                                const char        *age)
{
  g_autofree char *country = whence_country_name (country_code);
  g_autofree char *title = NULL;

  g_return_if_fail (WHENCE_IS_NETWORK_CARD (self));

  set_row (self->network_row, network, _("The registry did not say"));
  set_row (self->country_row, country, _("The registry did not say"));
  set_row (self->abuse_row, abuse_address, _("No address found"));
  g_free (self->abuse_address);
  self->abuse_address = g_strdup (abuse_address);

  title = g_markup_escape_text (age != NULL ? age : _("Looked up just now"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->fetched_row), title);

  self->state = WHENCE_NETWORK_CARD_DONE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");
}

/**
 * whence_network_card_set_failed:
 * @reason: a plain sentence: why nothing was found
 */
void
whence_network_card_set_failed (WhenceNetworkCard *self,
                                const char        *reason)
{
  g_return_if_fail (WHENCE_IS_NETWORK_CARD (self));

  /* The core's reason is already a whole sentence for a person. */
  show_message (self, WHENCE_NETWORK_CARD_FAILED,
                reason != NULL && *reason != '\0' ? reason
                : _("Whence could not find out who runs this computer."),
                _("_Try Again"));
}

/**
 * whence_network_card_show_lookup:
 * @result: what a look-up found, or why it found nothing
 *
 * whence_network_card_set_failed() with the look-up's reason, or
 * whence_network_card_set_result() with what it found.
 */
void
whence_network_card_show_lookup (WhenceNetworkCard  *self,
                                 WhenceLookupResult *result)
{
  const WhenceContact *abuse;
  g_autofree char *age = NULL;

  g_return_if_fail (WHENCE_IS_NETWORK_CARD (self));
  g_return_if_fail (WHENCE_IS_LOOKUP_RESULT (result));

  if (whence_lookup_result_get_error (result) != NULL)
    {
      whence_network_card_set_failed (self, whence_lookup_result_get_error (result)->message);
      return;
    }

  abuse = whence_lookup_result_get_abuse_contact (result);
  age = whence_lookup_result_describe_age (result, NULL);
  whence_network_card_set_result (self,
                                  whence_lookup_result_get_organisation (result) != NULL
                                  ? whence_lookup_result_get_organisation (result)
                                  : whence_lookup_result_get_name (result),
                                  whence_lookup_result_get_country (result),
                                  abuse != NULL ? abuse->address : NULL,
                                  age);
}

/**
 * whence_network_card_get_text:
 *
 * Returns: what the card says now, for tests and screen readers
 */
const char *
whence_network_card_get_text (WhenceNetworkCard *self)
{
  g_return_val_if_fail (WHENCE_IS_NETWORK_CARD (self), NULL);

  switch (self->state)
    {
    case WHENCE_NETWORK_CARD_ASK:
      return gtk_label_get_label (self->ask_label);
    case WHENCE_NETWORK_CARD_WORKING:
      return gtk_label_get_label (self->working_label);
    case WHENCE_NETWORK_CARD_DONE:
      return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->network_row));
    case WHENCE_NETWORK_CARD_NO_ADDRESS:
    case WHENCE_NETWORK_CARD_DECLINED:
    case WHENCE_NETWORK_CARD_NEVER:
    case WHENCE_NETWORK_CARD_FAILED:
    default:
      return gtk_label_get_label (self->message_label);
    }
}

static void
on_lookup_clicked (WhenceNetworkCard *self)
{
  if (self->settings != NULL && gtk_check_button_get_active (self->always_check))
    g_settings_set_string (self->settings, "online-lookups", "always");

  whence_network_card_request (self);
}

static void
on_not_now_clicked (WhenceNetworkCard *self)
{
  show_message (self, WHENCE_NETWORK_CARD_DECLINED,
                _("Not looked up. Nothing was sent to the internet."), _("_Look Up"));
}

static void
on_retry_clicked (WhenceNetworkCard *self)
{
  whence_network_card_request (self);
}

static void
on_copy_abuse_clicked (WhenceNetworkCard *self)
{
  if (self->abuse_address != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->abuse_address);
}

static void
whence_network_card_dispose (GObject *object)
{
  WhenceNetworkCard *self = WHENCE_NETWORK_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), WHENCE_TYPE_NETWORK_CARD);
  /* Layout-manager widgets own their children directly. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (whence_network_card_parent_class)->dispose (object);
}

static void
whence_network_card_finalize (GObject *object)
{
  WhenceNetworkCard *self = WHENCE_NETWORK_CARD (object);

  g_clear_object (&self->settings);
  g_free (self->address);
  g_free (self->abuse_address);

  G_OBJECT_CLASS (whence_network_card_parent_class)->finalize (object);
}

static void
whence_network_card_class_init (WhenceNetworkCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_network_card_dispose;
  object_class->finalize = whence_network_card_finalize;

  /**
   * WhenceNetworkCard::lookup-requested:
   * @ip: the address to look up
   *
   * The person agreed (or the setting says always): look @ip up, then call
   * whence_network_card_set_result() or whence_network_card_set_failed().
   */
  signals[LOOKUP_REQUESTED] = g_signal_new ("lookup-requested",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-network-card.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, group);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, stack);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, ask_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, always_check);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, working_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, network_row);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, country_row);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, abuse_row);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, fetched_row);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, message_label);
  gtk_widget_class_bind_template_child (widget_class, WhenceNetworkCard, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_lookup_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_not_now_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
whence_network_card_init (WhenceNetworkCard *self)
{
  GtkWidget *copy;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = whence_settings_new_if_installed ();

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy the address"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the address"), -1);
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (on_copy_abuse_clicked), self);
  adw_action_row_add_suffix (self->abuse_row, copy);

  show_message (self, WHENCE_NETWORK_CARD_NO_ADDRESS,
                _("Whence could not find the internet address of the computer that sent this "
                  "email, so there is nothing to look up."), NULL);
}

GtkWidget *
whence_network_card_new (void)
{
  return g_object_new (WHENCE_TYPE_NETWORK_CARD, NULL);
}
