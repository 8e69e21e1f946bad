export { FACTOR_NAMES, LIGHT_CELLS, LIGHT_VALUES, WEATHER_THRESHOLDS, WEATHER_VALUES, cellKey, factorName, lightOf, parseFactors, weatherOf, type Cell, type Factor } from './factors.ts';
export { DEFAULT_SPLITS, ShareSequence, SplitDealer, parseSplits, type Split } from './splits.ts';
export { MAX_DRAWS, PROBE_DRAWS, drawSample, planDataset, sampleSeed, type CellCoverage, type DatasetPlan, type PlanOptions, type PlanScenario, type PlannedSample, type SkippedSeed, type UnreachedCell } from './planDataset.ts';
export { DEFAULT_FRAMES, DEFAULT_SAMPLES, RECIPE_OPTIONS, parseMinContrast, parseRecipeFile, planOptions, recipeRecord, resolveRecipe, type Recipe, type RecipeEntry } from './recipe.ts';
export { writeIndex, type IndexIo, type IndexResult, type IndexSample, type IndexedFrame } from './writeIndex.ts';
export { parseShard, shardName, shardOf, type Shard } from './shards.ts';
export { planSummary, type PlanSummary } from './planSummary.ts';
