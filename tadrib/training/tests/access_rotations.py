"""The rotations models in the generic access test (imported by access_cases)."""
