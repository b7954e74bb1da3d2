"""Shared sessions: one host runs the only core; trainees' machines, scripted clients and the
instructor's browser connect to it. Nothing here imports a presenter."""
