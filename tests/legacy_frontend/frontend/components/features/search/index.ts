export { SearchFilters } from './SearchFilters';
export { SearchResultsList } from './SearchResultsList';
