export { CreateOfertaDialog } from './CreateOfertaDialog';
