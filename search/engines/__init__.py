"""Other engines behind `search.engine.SearchEngine`, each an optional extra imported only when asked for
(`from search.engines.tantivy_engine import TantivyEngine`): nothing in the app imports this package."""
