/* whence-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-message"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "whence-core-resources.h"
#include "whence-error.h"
#include "whence-gmime-private.h"
#include "whence-message.h"

/* Files at most this big are read into memory and closed at once, so that a
 * drop of a thousand files never holds a thousand descriptors open. Bigger
 * ones are parsed straight from the file: GMime then only records where each
 * part lies, and memory stays flat whatever the attachments weigh. */
#define IN_MEMORY_LIMIT (8 * 1024 * 1024)

/* How much of the start of an input is inspected to tell an email from a
 * picture, a document or other binary data. */
#define SNIFF_LENGTH 4096

struct _WhenceMessage
{
  GObject        parent_instance;

  GMimeMessage  *mime;
  GMimeStream   *source;        /* the stream the message was parsed from */
  gint64         start;         /* its byte range within @source */
  gint64         end;

  char          *source_name;
  guint          source_index;

  char          *from;
  char          *from_address;
  GPtrArray     *received;      /* unfolded values, topmost first */
  GPtrArray     *parts;         /* WhenceMimePart, built on first use */
  gboolean       headers_only;
};

G_DEFINE_FINAL_TYPE (WhenceMessage, whence_message, G_TYPE_OBJECT)

static void
whence_mime_part_free (WhenceMimePart *part)
{
  g_free (part->content_type);
  g_free (part->filename);
  g_free (part->disposition);
  g_free (part->encoding);
  g_free (part->path);
  g_free (part);
}

static void
whence_message_finalize (GObject *object)
{
  WhenceMessage *self = (WhenceMessage *)object;

  g_clear_object (&self->mime);
  g_clear_object (&self->source);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->from_address, g_free);
  g_clear_pointer (&self->received, g_ptr_array_unref);
  g_clear_pointer (&self->parts, g_ptr_array_unref);

  G_OBJECT_CLASS (whence_message_parent_class)->finalize (object);
}

static void
whence_message_class_init (WhenceMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = whence_message_finalize;
}

static void
whence_message_init (WhenceMessage *self)
{
}

/**
 * whence_core_init:
 *
 * Initialises the libraries the core relies on. Safe to call more than once
 * and from any thread.
 */
void
whence_core_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_mime_init ();
      /* Explicit, so a static link cannot drop the bundled data. */
      whence_core_register_resource ();
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * whence_unfold_header:
 * @value: a raw, possibly folded header value
 *
 * Undoes RFC 5322 folding: line breaks followed by white space are removed,
 * the white space itself is kept. Stray line breaks become spaces, and
 * leading and trailing white space is dropped.
 *
 * Returns: (transfer full): the unfolded value
 */
char *
whence_unfold_header (const char *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (strlen (value));
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          if (p[1] != ' ' && p[1] != '\t' && p[1] != '\r' && p[1] != '\n' && p[1] != '\0')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
looks_binary (const guint8 *data,
              gsize         len)
{
  static const struct { const char *magic; gsize len; } magics[] = {
    { "\x89PNG", 4 }, { "GIF8", 4 }, { "\xff\xd8\xff", 3 }, { "%PDF", 4 },
    { "PK\x03\x04", 4 }, { "MZ", 2 }, { "\x7f" "ELF", 4 }, { "\x1f\x8b", 2 },
    { "BZh", 3 }, { "\xd0\xcf\x11\xe0", 4 }, { "Rar!", 4 }, { "7z\xbc\xaf", 4 },
  };
  gsize control = 0;

  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (len >= magics[i].len && memcmp (data, magics[i].magic, magics[i].len) == 0)
      return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == 0)
        return TRUE;
      if (data[i] < 0x20 && data[i] != '\r' && data[i] != '\n' && data[i] != '\t'
          && data[i] != '\f' && data[i] != 0x1b)
        control++;
    }

  /* Real mail, even mangled, is overwhelmingly text. */
  return len > 0 && control * 10 > len;
}

/* An email (or an mbox) starts with a header field or an mbox "From " line. */
static gboolean
starts_like_email (const guint8 *data,
                   gsize         len)
{
  gsize i = 0;

  /* Tolerate a UTF-8 byte order mark and blank lines pasted before headers. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < len && (data[i] == '\r' || data[i] == '\n' || data[i] == ' ' || data[i] == '\t'))
    i++;

  if (len - i >= 5 && memcmp (data + i, "From ", 5) == 0)
    return TRUE;

  for (gsize j = i; j < len; j++)
    {
      if (data[j] == ':')
        return j > i;
      /* RFC 5322 field names: printable ASCII except colon and space. */
      if (data[j] <= 32 || data[j] >= 127)
        return FALSE;
    }

  return FALSE;
}

static gboolean
is_mbox (const guint8 *data,
         gsize         len)
{
  return len >= 5 && memcmp (data, "From ", 5) == 0;
}

static gboolean
check_content (const guint8  *data,
               gsize          len,
               GError       **error)
{
  gsize sniff = MIN (len, SNIFF_LENGTH);

  if (len == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_EMPTY,
                           _("This file is empty. Save the email again from your mail app and try once more."));
      return FALSE;
    }

  if (looks_binary (data, sniff) || !starts_like_email (data, sniff))
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_NOT_AN_EMAIL,
                           _("This file is not an email. Whence needs an email saved as a file (.eml) or its headers."));
      return FALSE;
    }

  return TRUE;
}

/* Mail saved by some old Mac programs ends lines with CR alone; GMime wants LF. */
static GBytes *
normalise_line_endings (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  char *copy;

  if (len == 0 || memchr (data, '\n', MIN (len, SNIFF_LENGTH)) != NULL
      || memchr (data, '\r', MIN (len, SNIFF_LENGTH)) == NULL)
    return g_bytes_ref (bytes);

  copy = g_memdup2 (data, len);
  for (gsize i = 0; i < len; i++)
    if (copy[i] == '\r')
      copy[i] = '\n';

  return g_bytes_new_take (copy, len);
}

static gboolean
has_any_header (GMimeMessage *mime)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (mime));

  return headers != NULL && g_mime_header_list_get_count (headers) > 0;
}

static char *
dup_from (GMimeMessage *mime,
          char        **address)
{
  InternetAddressList *list = g_mime_message_get_from (mime);
  InternetAddress *first;

  *address = NULL;
  if (list == NULL || internet_address_list_length (list) == 0)
    return NULL;

  first = internet_address_list_get_address (list, 0);
  if (INTERNET_ADDRESS_IS_MAILBOX (first))
    *address = g_strdup (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (first)));

  return internet_address_list_to_string (list, NULL, FALSE);
}

static GPtrArray *
collect_received (GMimeMessage *mime)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (mime));
  GPtrArray *received = g_ptr_array_new_with_free_func (g_free);
  int count = g_mime_header_list_get_count (headers);

  for (int i = 0; i < count; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      const char *raw;

      if (g_ascii_strcasecmp (g_mime_header_get_name (header), "Received") != 0)
        continue;

      raw = g_mime_header_get_raw_value (header);
      g_ptr_array_add (received, whence_unfold_header (raw != NULL ? raw : ""));
    }

  return received;
}

static guint64 encoded_size (GMimePart *part);

/* Pasted headers come without a body; GMime then gives an empty text part. */
static gboolean
is_empty_body (GMimeObject *body)
{
  return body == NULL || (GMIME_IS_PART (body) && encoded_size (GMIME_PART (body)) == 0);
}

static WhenceMessage *
whence_message_new_for_mime (GMimeMessage *mime,
                             GMimeStream  *source,
                             gint64        start,
                             gint64        end,
                             const char   *source_name,
                             guint         source_index)
{
  WhenceMessage *self = g_object_new (WHENCE_TYPE_MESSAGE, NULL);

  self->mime = g_object_ref (mime);
  self->source = g_object_ref (source);
  self->start = start;
  self->end = end;
  self->source_name = g_strdup (source_name);
  self->source_index = source_index;
  self->from = dup_from (mime, &self->from_address);
  self->received = collect_received (mime);
  self->headers_only = is_empty_body (g_mime_message_get_mime_part (mime));

  return self;
}

/* Parses every message in @stream: one for an .eml, one per entry of an mbox. */
static GPtrArray *
parse_stream (GMimeStream   *stream,
              gboolean       mbox,
              const char    *source_name,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  /* Persisting keeps part contents as references into @stream instead of
   * copies: attachments are located, never loaded. */
  g_mime_parser_set_persist_stream (parser, TRUE);
  g_mime_parser_set_format (parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);

  while (!g_mime_parser_eos (parser))
    {
      g_autoptr(GMimeMessage) mime = NULL;
      gint64 start;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      mime = g_mime_parser_construct_message (parser, NULL);
      if (mime == NULL)
        break;

      start = mbox ? g_mime_parser_get_headers_begin (parser) : 0;
      if (!has_any_header (mime))
        continue;

      g_ptr_array_add (messages,
                       whence_message_new_for_mime (mime, stream, MAX (start, 0),
                                                    g_mime_parser_tell (parser),
                                                    source_name, messages->len));
      if (!mbox)
        break;
    }

  if (messages->len == 0)
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_NOT_AN_EMAIL,
                           _("This file is not an email. Whence needs an email saved as a file (.eml) or its headers."));
      return NULL;
    }

  /* In an mbox, each message ends where the next one's separator begins. */
  for (guint i = 0; i + 1 < messages->len; i++)
    {
      WhenceMessage *cur = g_ptr_array_index (messages, i);
      WhenceMessage *next = g_ptr_array_index (messages, i + 1);

      cur->end = MIN (cur->end, next->start);
    }

  return g_steal_pointer (&messages);
}

/**
 * whence_message_load_bytes:
 * @bytes: the raw bytes of an email, an mbox, or a header block
 * @source_name: how to name the input to a person (a file name, "Dropped email")
 * @error: return location for a #WhenceError
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_bytes (GBytes      *bytes,
                           const char  *source_name,
                           GError     **error)
{
  g_autoptr(GBytes) normalised = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  whence_core_init ();

  data = g_bytes_get_data (bytes, &len);
  if (len > WHENCE_MESSAGE_MAX_FILE_SIZE)
    {
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_TOO_LARGE,
                   _("This file is too large to be an email (more than %u MB)."),
                   (guint) (WHENCE_MESSAGE_MAX_FILE_SIZE / (1024 * 1024)));
      return NULL;
    }

  if (!check_content (data, len, error))
    return NULL;

  normalised = normalise_line_endings (bytes);
  data = g_bytes_get_data (normalised, &len);
  stream = g_mime_stream_mem_new_with_buffer ((const char *) data, len);

  return parse_stream (stream, is_mbox (data, len), source_name, NULL, error);
}

/**
 * whence_message_load_stream:
 * @stream: a stream holding an email or an mbox
 * @source_name: how to name the input to a person
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @stream into memory (never more than the size limit) and loads it.
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_stream (GInputStream  *stream,
                            const char    *source_name,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 buffer[16384];

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error);

      if (n < 0)
        {
          g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_UNREADABLE,
                       _("The email could not be read: %s"), local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)) + n
          > WHENCE_MESSAGE_MAX_FILE_SIZE)
        {
          g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_TOO_LARGE,
                       _("This file is too large to be an email (more than %u MB)."),
                       (guint) (WHENCE_MESSAGE_MAX_FILE_SIZE / (1024 * 1024)));
          return NULL;
        }
      if (!g_output_stream_write_all (memory, buffer, n, NULL, cancellable, error))
        return NULL;
    }

  g_output_stream_close (memory, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

  return whence_message_load_bytes (bytes, source_name, error);
}

static void
set_unreadable (GError     **error,
                const char  *name,
                const char  *why)
{
  g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_UNREADABLE,
               _("“%s” could not be opened: %s"), name, why);
}

/**
 * whence_message_load_path:
 * @path: a file name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_path (const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autofree char *display = NULL;
  guint8 head[SNIFF_LENGTH];
  GStatBuf st;
  ssize_t n;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  whence_core_init ();
  display = g_filename_display_basename (path);

  if (g_stat (path, &st) != 0)
    {
      set_unreadable (error, display, g_strerror (errno));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      set_unreadable (error, display, _("it is a folder, not a file"));
      return NULL;
    }
  if ((guint64) st.st_size > WHENCE_MESSAGE_MAX_FILE_SIZE)
    {
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_TOO_LARGE,
                   _("“%s” is too large to be an email (more than %u MB)."), display,
                   (guint) (WHENCE_MESSAGE_MAX_FILE_SIZE / (1024 * 1024)));
      return NULL;
    }

  if (st.st_size <= IN_MEMORY_LIMIT || !S_ISREG (st.st_mode))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInputStream) input = NULL;
      g_autoptr(GError) local_error = NULL;

      input = g_file_read (file, cancellable, &local_error);
      if (input == NULL)
        {
          set_unreadable (error, display, local_error->message);
          return NULL;
        }
      return whence_message_load_stream (G_INPUT_STREAM (input), display, cancellable, error);
    }

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    {
      set_unreadable (error, display, g_strerror (errno));
      return NULL;
    }

  n = read (fd, head, sizeof head);
  if (n < 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      set_unreadable (error, display, g_strerror (errno));
      close (fd);
      return NULL;
    }
  if (!check_content (head, n, error))
    {
      close (fd);
      return NULL;
    }

  stream = g_mime_stream_fs_new (fd);
  return parse_stream (stream, is_mbox (head, n), display, cancellable, error);
}

/**
 * whence_message_load_file:
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the email (or every email of an mbox) in @file.
 *
 * Returns: (transfer container) (element-type WhenceMessage): the messages
 */
GPtrArray *
whence_message_load_file (GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return whence_message_load_path (path, cancellable, error);

  name = g_file_get_basename (file);
  input = g_file_read (file, cancellable, &local_error);
  if (input == NULL)
    {
      set_unreadable (error, name, local_error->message);
      return NULL;
    }

  return whence_message_load_stream (G_INPUT_STREAM (input), name, cancellable, error);
}

/**
 * whence_message_new_from_headers:
 * @text: header text a person pasted, with or without a body
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the message, or %NULL
 */
WhenceMessage *
whence_message_new_from_headers (const char  *text,
                                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* Mail programs' "show source" views often come with leading blanks. */
  trimmed = g_strdup (text);
  g_strchug (trimmed);
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_EMPTY,
                           _("There is nothing to trace. Paste the full headers of the email."));
      return NULL;
    }

  bytes = g_bytes_new (trimmed, strlen (trimmed));
  messages = whence_message_load_bytes (bytes, _("Pasted headers"), error);
  if (messages == NULL)
    return NULL;

  return g_object_ref (g_ptr_array_index (messages, 0));
}

const char *
whence_message_get_source_name (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->source_name;
}

/**
 * whence_message_get_source_index:
 *
 * Returns: the position of this message within its file (0 unless an mbox)
 */
guint
whence_message_get_source_index (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), 0);

  return self->source_index;
}

const char *
whence_message_get_subject (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return g_mime_message_get_subject (self->mime);
}

/**
 * whence_message_get_from:
 *
 * Returns: (nullable): the From header as a person reads it ("Name <addr>")
 */
const char *
whence_message_get_from (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->from;
}

/**
 * whence_message_get_from_address:
 *
 * Returns: (nullable): the first address in From, bare
 */
const char *
whence_message_get_from_address (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->from_address;
}

/**
 * whence_message_get_date:
 *
 * Returns: (nullable) (transfer none): the Date header, if it could be read
 */
GDateTime *
whence_message_get_date (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return g_mime_message_get_date (self->mime);
}

const char *
whence_message_get_message_id (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return g_mime_message_get_message_id (self->mime);
}

/**
 * whence_message_get_header:
 * @name: a header name, any case
 *
 * Returns: (nullable): the first @name header, unfolded and decoded
 */
const char *
whence_message_get_header (WhenceMessage *self,
                           const char    *name)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_mime_object_get_header (GMIME_OBJECT (self->mime), name);
}

/**
 * whence_message_dup_headers:
 * @name: a header name, any case
 *
 * Returns: (transfer container) (element-type utf8): every @name header in
 *   order, topmost first, as unfolded raw values
 */
GPtrArray *
whence_message_dup_headers (WhenceMessage *self,
                            const char    *name)
{
  GMimeHeaderList *headers;
  GPtrArray *values;
  int count;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  values = g_ptr_array_new_with_free_func (g_free);
  headers = g_mime_object_get_header_list (GMIME_OBJECT (self->mime));
  count = g_mime_header_list_get_count (headers);
  for (int i = 0; i < count; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      const char *raw = g_mime_header_get_raw_value (header);

      if (g_ascii_strcasecmp (g_mime_header_get_name (header), name) == 0)
        g_ptr_array_add (values, whence_unfold_header (raw != NULL ? raw : ""));
    }

  return values;
}

/**
 * whence_message_get_received:
 *
 * Returns: (transfer none) (element-type utf8): the Received header values,
 *   unfolded, in header order (index 0 is the topmost, newest one)
 */
GPtrArray *
whence_message_get_received (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  return self->received;
}

/**
 * whence_message_dup_raw_headers:
 *
 * Returns: (transfer full): the header block as it appears in the message,
 *   for a technical helper to read
 */
char *
whence_message_dup_raw_headers (WhenceMessage *self)
{
  GMimeHeaderList *headers;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  headers = g_mime_object_get_header_list (GMIME_OBJECT (self->mime));
  return g_mime_header_list_to_string (headers, NULL);
}

/**
 * whence_message_is_headers_only:
 *
 * Returns: %TRUE when the input had headers but no body (pasted headers)
 */
gboolean
whence_message_is_headers_only (WhenceMessage *self)
{
  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), FALSE);

  return self->headers_only;
}

static guint64
encoded_size (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeStream *stream;
  gint64 length;

  if (content == NULL)
    return 0;

  stream = g_mime_data_wrapper_get_stream (content);
  length = stream != NULL ? g_mime_stream_length (stream) : -1;

  return length > 0 ? (guint64) length : 0;
}

static void
collect_part (GMimeObject *object,
              GPtrArray   *parts)
{
  GMimeContentType *type = g_mime_object_get_content_type (object);
  GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (object);
  WhenceMimePart *part;

  /* Multipart containers are structure, not content. */
  if (GMIME_IS_MULTIPART (object))
    return;

  part = g_new0 (WhenceMimePart, 1);
  part->content_type = type != NULL ? g_ascii_strdown (g_mime_content_type_get_mime_type (type), -1)
                                    : g_strdup ("text/plain");
  part->path = g_strdup_printf ("%u", parts->len + 1);
  part->depth = 1;

  if (disposition != NULL && g_mime_content_disposition_get_disposition (disposition) != NULL)
    part->disposition = g_ascii_strdown (g_mime_content_disposition_get_disposition (disposition), -1);

  if (GMIME_IS_PART (object))
    {
      GMimePart *leaf = GMIME_PART (object);
      GMimeContentEncoding encoding = g_mime_part_get_content_encoding (leaf);

      part->filename = g_strdup (g_mime_part_get_filename (leaf));
      if (encoding != GMIME_CONTENT_ENCODING_DEFAULT)
        part->encoding = g_strdup (g_mime_content_encoding_to_string (encoding));
      part->encoded_size = encoded_size (leaf);
    }

  part->is_attachment = part->filename != NULL
                        || g_strcmp0 (part->disposition, "attachment") == 0
                        || GMIME_IS_MESSAGE_PART (object);

  g_ptr_array_add (parts, part);
}

static void
collect_parts_with_depth (GMimeObject *object,
                          guint        depth,
                          const char  *path,
                          GPtrArray   *parts)
{
  if (GMIME_IS_MULTIPART (object))
    {
      int count = g_mime_multipart_get_count (GMIME_MULTIPART (object));

      for (int i = 0; i < count; i++)
        {
          g_autofree char *child_path = *path != '\0'
            ? g_strdup_printf ("%s.%d", path, i + 1) : g_strdup_printf ("%d", i + 1);

          collect_parts_with_depth (g_mime_multipart_get_part (GMIME_MULTIPART (object), i),
                                    depth + 1, child_path, parts);
        }
      return;
    }

  collect_part (object, parts);
  if (parts->len > 0)
    {
      WhenceMimePart *part = g_ptr_array_index (parts, parts->len - 1);

      g_free (part->path);
      part->path = g_strdup (*path != '\0' ? path : "1");
      part->depth = MAX (depth, 1);
    }
}

/**
 * whence_message_get_parts:
 *
 * The MIME skeleton, built on first use. Attached emails are listed as one
 * part each; their own contents are not walked.
 *
 * Returns: (transfer none) (element-type WhenceMimePart): the leaf parts
 */
GPtrArray *
whence_message_get_parts (WhenceMessage *self)
{
  GMimeObject *body;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  if (self->parts != NULL)
    return self->parts;

  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_mime_part_free);
  body = g_mime_message_get_mime_part (self->mime);
  if (body != NULL)
    collect_parts_with_depth (body, 0, "", self->parts);

  return self->parts;
}

static GMimeObject *
find_part (GMimeObject *object,
           const char  *path)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);

  for (guint i = 0; steps[i] != NULL && object != NULL; i++)
    {
      guint64 index;

      if (!GMIME_IS_MULTIPART (object))
        return i == 0 && g_str_equal (steps[i], "1") && steps[1] == NULL ? object : NULL;
      if (!g_ascii_string_to_unsigned (steps[i], 10, 1, G_MAXINT, &index, NULL))
        return NULL;
      object = g_mime_multipart_get_part (GMIME_MULTIPART (object), (int) index - 1);
    }

  return object;
}

/**
 * whence_message_peek_part:
 * @part: a part from whence_message_get_parts()
 * @max_bytes: how many decoded bytes to read at most
 *
 * Decodes the first @max_bytes of a part into memory, to recognise what it
 * really is (its magic bytes, a zip's directory). Nothing is written to disk
 * and nothing is interpreted.
 *
 * Returns: (transfer full): the bytes read
 */
GBytes *
whence_message_peek_part (WhenceMessage         *self,
                          const WhenceMimePart  *part,
                          gsize                  max_bytes,
                          GError               **error)
{
  g_autoptr(GMimeStream) filtered = NULL;
  g_autoptr(GMimeFilter) decoder = NULL;
  GMimeObject *object;
  GMimeDataWrapper *content;
  GMimeStream *raw;
  GByteArray *out;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (part != NULL, NULL);

  object = find_part (g_mime_message_get_mime_part (self->mime), part->path);
  if (object == NULL || !GMIME_IS_PART (object)
      || (content = g_mime_part_get_content (GMIME_PART (object))) == NULL
      || (raw = g_mime_data_wrapper_get_stream (content)) == NULL)
    return g_bytes_new (NULL, 0);

  g_mime_stream_reset (raw);
  filtered = g_mime_stream_filter_new (raw);
  decoder = g_mime_filter_basic_new (g_mime_data_wrapper_get_encoding (content), FALSE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), decoder);

  out = g_byte_array_sized_new (MIN (max_bytes, 65536));
  while (out->len < max_bytes)
    {
      char buffer[4096];
      gssize n = g_mime_stream_read (filtered, buffer, MIN (sizeof buffer, max_bytes - out->len));

      if (n <= 0)
        break;
      g_byte_array_append (out, (guint8 *) buffer, n);
    }

  return g_byte_array_free_to_bytes (out);
}

/**
 * whence_message_dup_original:
 *
 * The message exactly as it arrived, byte for byte, for the case file and
 * the report's attached copy.
 *
 * Returns: (transfer full): the original bytes, or %NULL with @error set
 */
GBytes *
whence_message_dup_original (WhenceMessage  *self,
                             GError        **error)
{
  g_autoptr(GMimeStream) range = NULL;
  GByteArray *out;
  gint64 end;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (self), NULL);

  end = self->end > self->start ? self->end : g_mime_stream_length (self->source) + self->source->bound_start;
  range = g_mime_stream_substream (self->source, self->start, end);
  g_mime_stream_reset (range);

  out = g_byte_array_new ();
  for (;;)
    {
      char buffer[16384];
      gssize n = g_mime_stream_read (range, buffer, sizeof buffer);

      if (n < 0)
        {
          g_byte_array_unref (out);
          g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_UNREADABLE,
                               _("The original email could not be read again."));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (out, (guint8 *) buffer, n);
    }

  return g_byte_array_free_to_bytes (out);
}
