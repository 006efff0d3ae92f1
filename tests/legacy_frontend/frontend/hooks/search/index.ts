export { useSearchProfessionals, useSearchResultsCount } from './useSearchProfessionals';
