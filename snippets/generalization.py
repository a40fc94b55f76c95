"""Generalization tools: splits, cross-validation, bias-variance, bootstrap, bagging, boosting."""
