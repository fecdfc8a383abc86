"""Reports: matplotlib charts and Markdown/HTML pages made from simulation results."""
