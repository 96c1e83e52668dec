"""The programme's figures: each service's transactions, KPIs, savings and response times."""
