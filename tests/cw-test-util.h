/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary folder for one test; removed with its contents by
 * cw_test_remove_tree(). */
char     *cw_test_make_tmpdir    (void);
void      cw_test_remove_tree    (const char *path);

/* The whole of a file, or NULL. */
GBytes   *cw_test_read_file      (const char *path);

/* TRUE when @needle occurs anywhere in the file's bytes. */
gboolean  cw_test_file_contains  (const char *path,
                                  const char *needle);

/* Path of the built casework executable (from CW_TEST_CASEWORK). */
const char *cw_test_casework_path (void);

/* TRUE when a Secret Service answers on the session bus (build-aux/test
 * starts one). Tests that need it fail, not skip, when it is missing and
 * CW_TEST_REQUIRE_KEYRING=1 is set, as build-aux/test does. */
gboolean  cw_test_keyring_available (void);

G_END_DECLS
