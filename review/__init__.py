"""The reviewers' web app: correct extractions, recompute the criteria, audit every change."""
