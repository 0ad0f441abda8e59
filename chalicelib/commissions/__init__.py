"""Commissions (委托律师, issue 12): a citizen retains a lawyer (docs/data-model.md "Commissions")."""
