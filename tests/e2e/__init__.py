"""End-to-end browser tests: real Jupyter servers (Lab, Notebook 7, nbclassic) driven by Playwright."""
