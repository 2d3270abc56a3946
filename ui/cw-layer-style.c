/* cw-layer-style.c — the layer-stack editor's CSS (see cw-layer-style.h). */
#include "cw-layer-style.h"

/* The editor's own look. It lives here rather than in the application's GResource because ui/ is a library
 * below the app: the widget, and its tests, must look right without the app's resource bundle. Only the
 * theme's named colours are used, so light and dark both read. */
static const char layer_stack_css[] =
  ".cw-layer-stack .layer-card {"
  "  padding: 5px 4px 5px 8px;"
  "  border-radius: 8px;"
  "  border: 1px solid alpha(@borders, 0.8);"
  "  background-color: shade(@theme_bg_color, 1.22);"
  "  box-shadow: 0 1px 2px alpha(black, 0.07);"
  "}"
  ".cw-layer-stack .layer-card.input {"
  "  background-color: transparent;"
  "  border-style: dashed;"
  "  box-shadow: none;"
  "}"
  ".cw-layer-stack .layer-card.current { border-color: alpha(@theme_selected_bg_color, 0.85); }"
  ".cw-layer-stack layercard:focus:focus-visible {"
  "  outline: 2px solid alpha(@theme_selected_bg_color, 0.6);"
  "  outline-offset: 1px;"
  "}"
  ".cw-layer-stack .layer-card.error {"
  "  border-color: @error_color;"
  "  background-color: mix(shade(@theme_bg_color, 1.22), @error_color, 0.06);"
  "}"
  /* the theme's error red is too dark to read on a dark card: lean it towards the text colour */
  ".cw-layer-stack .layer-card label.error { color: mix(@error_color, @theme_fg_color, 0.25); }"
  ".cw-layer-stack .layer-card.drop-before { box-shadow: inset 0 3px @theme_selected_bg_color; }"
  ".cw-layer-stack .layer-card.drop-after { box-shadow: inset 0 -3px @theme_selected_bg_color; }"
  ".cw-layer-stack .layer-card.dragging { opacity: 0.45; }"
  ".cw-layer-stack .numeric { font-feature-settings: \"tnum\"; }"
  ".cw-layer-stack .layer-card spinbutton { min-height: 26px; }"
  ".cw-layer-stack .layer-card spinbutton > text { padding-left: 6px; padding-right: 0; }"
  ".cw-layer-stack .layer-card spinbutton > button { min-height: 16px; min-width: 16px; padding: 0 2px; }"
  ".cw-layer-stack .layer-card dropdown > button { min-height: 20px; padding: 2px 6px; }"
  /* an activation's function reads as the card's title, and is a menu */
  ".cw-layer-stack .layer-card dropdown.title-menu > button {"
  "  font-weight: 700; font-size: 11pt; background: none; border-color: transparent; box-shadow: none;"
  "  margin-left: -6px;"
  "}"
  ".cw-layer-stack .layer-card dropdown.title-menu > button:hover { background-color: alpha(currentColor, 0.08); }"
  ".cw-layer-stack .layer-card button.circular { min-width: 26px; min-height: 26px; padding: 0; margin: 1px 0; }"
  ".cw-layer-stack .layer-card .row-cell { min-height: 28px; }"
  ".cw-layer-stack .layer-card checkbutton { padding: 0; }"
  ".cw-layer-stack .summary-bar {"
  "  border-top: 1px solid alpha(@borders, 0.8);"
  "  padding: 6px 12px;"
  "}"
  ".cw-layer-stack .summary.warning, .cw-layer-stack .summary-icon { color: @warning_color; }"
  ".cw-layer-stack .palette button { min-height: 24px; padding: 2px 10px; }"
  ".cw-layer-stack .palette .caption-heading { margin: 4px 10px 2px; }";

void
cw_layer_style_install (GdkDisplay *display)
{
  if (display == NULL || g_object_get_data (G_OBJECT (display), "cw-layer-style") != NULL)
    return;
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, layer_stack_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data (G_OBJECT (display), "cw-layer-style", GINT_TO_POINTER (TRUE));
}
