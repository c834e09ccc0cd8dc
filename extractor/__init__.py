"""Reads ONE document: its pages' words, its type and its dated facts. No batch logic here."""
