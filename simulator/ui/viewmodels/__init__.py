"""View-model QObjects: own core objects, expose slots and signals; widgets bind to these only."""
