// "From list" searches for the resource locators (projects, assets, cuts, renders).
export {};
