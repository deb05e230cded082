"""The keys the main window keeps in the app's settings."""

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_PROFILE = "profile/last"
SETTINGS_EXPORT_DIR = "export/last_folder"
SETTINGS_STUDIO_DIR = "studio/last_opened"
