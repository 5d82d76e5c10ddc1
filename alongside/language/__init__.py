"""Language coach: points out directive, judgmental or stigmatizing wording and names supportive wording.

Plain Python (no Django); it advises and never blocks or rewrites text.
"""
