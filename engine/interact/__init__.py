"""The interaction layer: device intents in; core requests, log notes and what to draw out.

Pure, like the core: no Panda3D, no OpenXR, no clock, no files. Every input (mouse and keys,
tracked controllers, a scripted pilot) produces the same intents, and one ``Controller`` turns
them into requests, so a test that drives the controller drives what a trainee drives.
"""
